import ArgumentParser
import Engine

/// The engine an evaluation builds over public data: the embedder to ingest with and the
/// trained models to answer with (`eval mtrag`, `eval policyqa`).
public struct EvalEngineOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("builtin or minilm.", valueName: "kind"))
    public var embedder: EmbedderKind = .builtIn

    @Option(name: .long, help: "The MiniLM model folder.")
    public var model = MiniLMEmbedder.defaultDirectory

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The trained models: shipped (what ask and serve use), none, or a trained-model file.",
            valueName: "shipped|none|file"))
    public var models = "shipped"

    public init() {}

    /// The embedder to ingest with.
    public var choice: EmbedderChoice { EmbedderChoice(embedder, modelPath: model) }

    /// - Throws: `TrainedModelError` for a file that cannot be used.
    public func trained() throws -> ModelChoice { try trainedModels(named: models) }
}
