import ArgumentParser
import Customers
import Engine
import Foundation
import Server

/// The command-line tool: a thin shell over `GroundedEngine`.
@main
struct Grounded: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grounded",
        abstract: "Answers questions from your documents; every sentence cites an exact span of a source.",
        subcommands: [
            Ingest.self, Train.self, Ask.self, Search.self, Stats.self, Serve.self, Demo.self, Intent.self, QA.self,
            Report.self, Audit.self, Keys.self, Policy.self, Retention.self, Feedback.self, Evaluate.self, Bench.self,
        ])
}

/// `shipped`, `none`, or a trained-model file's path.
/// - Throws: `TrainedModelError` for a file that cannot be used.
func trainedModels(named name: String) throws -> ModelChoice {
    switch name {
    case "shipped": .shipped
    case "none": ModelChoice.none
    default: .file(try TrainedModelFile.load(URL(fileURLWithPath: name)))
    }
}

/// Options shared by the commands that read an index.
struct IndexOptions: ParsableArguments {
    @Option(name: .long, help: "The index folder (default: $GROUNDED_INDEX or Indexes/default).")
    var index: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The embedder: builtin (fitted on the corpus, no download) or minilm (all-MiniLM-L6-v2; run Tools/fetch-model.sh first). Ingest builds with it (default builtin); queries are refused if the index was built with another.",
            valueName: "kind"))
    var embedder: EmbedderKind?

    @Option(
        name: .long,
        help:
            "The MiniLM model folder (default: Models/all-MiniLM-L6-v2 for ingest; for queries, where it was when the index was built)."
    )
    var model: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The trained models to answer with: shipped (fitted by grounded train and built in), none (the heuristic order and threshold declines), or a trained-model file.",
            valueName: "shipped|none|file"))
    var models = "shipped"

    /// The trained models `--models` names.
    /// - Throws: `TrainedModelError` for a file that cannot be used.
    func modelChoice() throws -> ModelChoice { try trainedModels(named: models) }

    /// Opens the index with these options.
    func engine(retrieval: RetrievalConfiguration = .init()) throws -> GroundedEngine {
        try GroundedEngine(
            index: url, modelDirectory: model.map { URL(fileURLWithPath: $0) }, embedder: embedder,
            retrieval: retrieval,
            models: try modelChoice())
    }

    var url: URL {
        URL(fileURLWithPath: index ?? ProcessInfo.processInfo.environment["GROUNDED_INDEX"] ?? "Indexes/default")
    }
}

/// The service store a command reads (`report`, `audit verify`): `--data`, or `<index>/service`.
struct ServiceStoreOptions: ParsableArguments {
    @OptionGroup var index: IndexOptions

    @Option(name: .long, help: "The service store folder (default: <index>/service).")
    var data: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A PostgreSQL store shared by replicas, postgres://user@host:port/db (default: $GROUNDED_STORE, else SQLite under --data).",
            valueName: "url"))
    var store: String?

    /// Opens the store.
    /// - Throws: `ValidationError` saying how to get one when there is none.
    func open() throws -> ServiceStore {
        let folder = data.map { URL(fileURLWithPath: $0) } ?? index.url.appendingPathComponent("service")
        let location = StoreLocation.resolve(store: store, data: folder)
        if case .postgres = location { return try location.service(tenant: ServiceHost.singleTenant) }
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("service.sqlite").path) else {
            throw ValidationError(
                "no service store at \(folder.path): serve the index (grounded serve) so it records conversations and decisions, or pass --data"
            )
        }
        return try ServiceStore(directory: folder)
    }
}

/// Options that choose which documents a search may use and how its retrievers are fused.
struct FilterOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only documents whose metadata field has this value, e.g. product=lumen-eye; repeatable. audience=internal admits agent-only documents.",
            valueName: "key=value"))
    var filter: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Use the versions in effect on this date instead of today.", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Flag(name: .long, help: "Search every stored version, not only the one in effect.")
    var allVersions = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A customer profile (JSON: name, plan, products, region, locale, customerSince, consents): documents not for them are left out, those written for them preferred; the answer greets them by name only with the personalization consent.",
            valueName: "file"))
    var profile: String?

    func validate() throws {
        for f in filter where f.split(separator: "=", maxSplits: 1).count != 2 {
            throw ValidationError("--filter takes key=value, got `\(f)`")
        }
        if let asOf, !EffectiveDate.isValid(asOf) {
            throw ValidationError("--as-of takes a YYYY-MM-DD date, got `\(asOf)`")
        }
        do { try retrieval.validate() } catch { throw ValidationError("\(error)") }
    }

    @OptionGroup var fusion: FusionOptions

    var retrieval: RetrievalConfiguration { fusion.retrieval }

    /// - Throws: `ValidationError` when the profile file cannot be read or is not a profile.
    func retrievalFilter() throws -> RetrievalFilter {
        var r = RetrievalFilter()
        if let profile { r.profile = try Self.loadProfile(profile) }
        for f in filter {
            let parts = f.split(separator: "=", maxSplits: 1).map(String.init)
            if parts[0] == "audience" {
                r.audiences = Set(
                    parts[1].split(separator: ",").compactMap { DocumentMetadata.Audience(rawValue: String($0)) })
            } else {
                r.fields[parts[0]] = parts[1]
            }
        }
        if let asOf { r.asOf = asOf }
        if allVersions { r.asOf = nil }
        return r
    }

    static func loadProfile(_ path: String) throws -> CustomerProfile {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ValidationError("--profile: cannot read `\(path)` (\(error.localizedDescription))")
        }
        do { return try JSONDecoder().decode(CustomerProfile.self, from: data) } catch {
            throw ValidationError(
                "--profile: `\(path)` is not a customer profile: \(error). Expected JSON such as "
                    + #"{"name": "Dana", "plan": "plus", "region": "GB", "consents": ["personalization"]}"#)
        }
    }
}

/// The engine an evaluation builds over public data: the embedder to ingest with and the
/// trained models to answer with (`eval mtrag`, `eval policyqa`).
struct EvalEngineOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("builtin or minilm.", valueName: "kind"))
    var embedder: EmbedderKind = .builtIn

    @Option(name: .long, help: "The MiniLM model folder.")
    var model = MiniLMEmbedder.defaultDirectory

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The trained models: shipped (what ask and serve use), none, or a trained-model file.",
            valueName: "shipped|none|file"))
    var models = "shipped"

    var choice: EmbedderChoice { EmbedderChoice(embedder, modelPath: model) }

    /// - Throws: `TrainedModelError` for a file that cannot be used.
    func trained() throws -> ModelChoice { try trainedModels(named: models) }
}

/// The weights of the two retrievers in the fusion.
struct FusionOptions: ParsableArguments {
    @Option(name: .long, help: "Weight of the vector ranks in the fusion.")
    var vectorWeight = RetrievalConfiguration().vectorWeight

    @Option(name: .long, help: "Weight of the BM25 ranks in the fusion.")
    var lexicalWeight = RetrievalConfiguration().lexicalWeight

    var retrieval: RetrievalConfiguration {
        RetrievalConfiguration(vectorWeight: vectorWeight, lexicalWeight: lexicalWeight)
    }
}

/// Runs `body`, turning any error into a message on stderr and exit code 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let e as ExitCode { throw e } catch let e as ValidationError { throw e } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

extension EmbedderKind: ExpressibleByArgument {}
