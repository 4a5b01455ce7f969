import ArgumentParser
import Engine
import Foundation

/// Options shared by the commands that read an index.
public struct IndexOptions: ParsableArguments {
    @Option(name: .long, help: "The index folder (default: $GROUNDED_INDEX or Indexes/default).")
    public var index: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The embedder: builtin (fitted on the corpus, no download) or minilm (all-MiniLM-L6-v2; "
                + "run Tools/fetch-model.sh first). Ingest builds with it (default builtin); queries are refused "
                + "if the index was built with another.",
            valueName: "kind"))
    public var embedder: EmbedderKind?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The MiniLM model folder (default: Models/all-MiniLM-L6-v2 for ingest; for queries, where it was "
                + "when the index was built)."))
    public var model: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The trained models to answer with: shipped (fitted by grounded-lab train and built in), none (the "
                + "heuristic order and threshold declines), or a trained-model file.",
            valueName: "shipped|none|file"))
    public var models = "shipped"

    public init() {}

    /// The trained models `--models` names.
    /// - Throws: `TrainedModelError` for a file that cannot be used.
    public func modelChoice() throws -> ModelChoice { try trainedModels(named: models) }

    /// Opens the index with these options.
    /// - Throws: what `GroundedEngine.init` throws for a missing, corrupt or mismatched index.
    public func engine(retrieval: RetrievalConfiguration = .init()) throws -> GroundedEngine {
        try GroundedEngine(
            index: url, modelDirectory: model.map { URL(fileURLWithPath: $0) }, embedder: embedder,
            retrieval: retrieval,
            models: try modelChoice())
    }

    /// `--index`, else `$GROUNDED_INDEX`, else `Indexes/default`.
    public var url: URL {
        URL(fileURLWithPath: index ?? ProcessInfo.processInfo.environment["GROUNDED_INDEX"] ?? "Indexes/default")
    }
}
