import ArgumentParser
import CommandLineOptions
import Engine
import Foundation
import VectorIndex

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ingest a folder of .md, .html, .txt and .jsonl documents into an index, incrementally.")

    @Argument(help: "The corpus folder, or one .jsonl file.")
    var corpus: String

    @OptionGroup var index: IndexOptions

    @Flag(name: .long, help: "Refit the built-in embedder on the whole corpus even if it has not drifted.")
    var refit = false

    @Option(name: .long, help: "HNSW links per node (M); default: the index's, else \(HNSWConfiguration().m).")
    var hnswM: Int?

    @Option(
        name: .long,
        help: "HNSW candidate list while building; default: the index's, else \(HNSWConfiguration().efConstruction).")
    var efConstruction: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "HNSW candidate list while searching (stored with the index); default: the index's, else "
                + "\(HNSWConfiguration().efSearch)."))
    var efSearch: Int?

    @Option(name: .long, help: "Vector similarity: cosine or innerProduct; default: the index's, else cosine.")
    var metric: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "What the graph search reads: float16 (half-precision copies, floats re-rank), int8 (codes, floats "
                + "re-rank) or none (the floats); default: the index's, else \(HNSWConfiguration().quantization)."))
    var vectorStorage: String?

    @Option(
        name: .long,
        help:
            "Dimension of the built-in embedder; default: the index's, else \(LatentSemanticConfiguration().dimension)."
    )
    var dimension: Int?

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Rebuild the index with the embedder and settings named here where they differ from the ones it was "
                + "built with (without it, such an ingest is refused and the index kept)."))
    var rebuild = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A document whose text changed under the same version: declared refuses the ingest (give it a new "
                + "version); automatic stores it as the next version (2 → 2+1), keeping the old text. The index keeps "
                + "the choice; default: the index's, else declared.",
            valueName: "declared|automatic"))
    var versioning: String?

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Report what the ingest would add, change and remove, with each changed document's text diff by section, "
                + "and write nothing."))
    var dryRun = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Questions (JSON lines with a \"question\", e.g. Questions/corpus.jsonl) to ask of the current build and "
                + "of the candidate (built in a copy of the index first); the answers that change are reported (with "
                + "--json, as the one JSON document printed).",
            valueName: "file"))
    var check: String?

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "With --check: exit with status 3 and ingest nothing when any answer would change what it says (its "
                + "status, text or documents; not only the versions cited) — for a knowledge team's CI."))
    var failOnChange = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Progress on standard error: a line redrawn in place (terminal), JSON lines (json), or none (off); auto is "
                + "terminal when standard error is one, else json.",
            valueName: "auto|terminal|json|off"))
    var progress = "auto"

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Build the candidate beside the current build without making it current (a staged build): a running "
                + "server answers with it on POST /v1/builds/staged/ask, and a knowledge manager promotes or discards "
                + "it (POST /v1/builds/staged/promote, /discard). With --check, the answers compared are the staged "
                + "build's."))
    var stage = false

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        if stage, dryRun { throw ValidationError("--stage builds a candidate and --dry-run writes nothing: pick one") }
        if failOnChange, check == nil { throw ValidationError("--fail-on-change needs --check <questions>") }
        if IngestProgressPrinter.Mode(rawValue: progress) == nil {
            throw ValidationError("--progress takes auto, terminal, json or off, got `\(progress)`")
        }
        if let versioning, DocumentVersioning(rawValue: versioning) == nil {
            throw ValidationError("--versioning takes declared or automatic, got `\(versioning)`")
        }
        if let metric, Metric(rawValue: metric) == nil {
            throw ValidationError("--metric takes cosine or innerProduct, got `\(metric)`")
        }
        if let vectorStorage, HNSWConfiguration.Quantization(rawValue: vectorStorage) == nil {
            throw ValidationError("--vector-storage takes float16, int8 or none, got `\(vectorStorage)`")
        }
    }

    /// The options: each one named here, else the index's own, else the default.
    func options(built: BuildInfo?) throws -> IngestOptions {
        let recorded = built?.settings
        let kind = index.embedder ?? built?.kind ?? .builtIn
        let defaults = HNSWConfiguration()
        var vectors = recorded?.vectors ?? defaults
        vectors.m = hnswM ?? vectors.m
        vectors.efConstruction = efConstruction ?? vectors.efConstruction
        vectors.efSearch = efSearch ?? vectors.efSearch
        vectors.metric = metric.flatMap(Metric.init(rawValue:)) ?? vectors.metric
        if let storage = vectorStorage.flatMap(HNSWConfiguration.Quantization.init(rawValue:)) {
            vectors.quantization = storage
        }
        let lsa = LatentSemanticConfiguration(
            dimension: dimension ?? recorded?.dimension ?? LatentSemanticConfiguration().dimension)
        do {
            try vectors.validate()
            try lsa.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        let modelPath =
            index.model ?? (built?.kind == .miniLM ? built?.modelDirectory : nil) ?? MiniLMEmbedder.defaultDirectory
        let choice: EmbedderChoice =
            kind == .miniLM ? .miniLM(directory: URL(fileURLWithPath: modelPath)) : .builtIn(lsa)
        var options = IngestOptions(embedder: choice, vectors: vectors, refit: refit)
        options.rebuild = rebuild
        options.versioning = versioning.flatMap(DocumentVersioning.init(rawValue:))
        return options
    }

    func run() throws {
        try reportingErrors {
            let built = try? KnowledgeStore(directory: index.url, mustExist: true).currentBuild()
            var options = try options(built: built)
            options.progress = IngestProgressPrinter(IngestProgressPrinter.Mode(rawValue: progress) ?? .auto).callback
            if stage { return try runStaged(options: options) }
            if let check {
                let drift = try checkDrift(questions: check, options: options)
                if failOnChange, !drift.material.isEmpty {
                    FileHandle.standardError.write(
                        Data("\(drift.material.count) answers would change: nothing was ingested\n".utf8))
                    throw ExitCode(3)
                }
            }
            // With --check and --json, the drift is the one JSON document printed.
            let quiet = json && check != nil
            if dryRun {
                let plan = try Ingestor(index: index.url, options: options).plan(URL(fileURLWithPath: corpus))
                if quiet { return }
                if json { try printJSON(plan) } else { print(Self.describe(plan, index: index.url.path)) }
                return
            }
            let report = try GroundedEngine.ingest(
                corpus: URL(fileURLWithPath: corpus), index: index.url, options: options)
            Self.warn(report)
            if json {
                if !quiet { try printJSON(report) }
                return
            }
            print(Self.describe(report, index: index.url.path))
        }
    }

    /// The report's problems and passages to review, on standard error.
    static func warn(_ report: IngestReport) {
        for p in report.problems { FileHandle.standardError.write(Data("warning: \(p.path): \(p.message)\n".utf8)) }
        for w in report.warnings ?? [] { FileHandle.standardError.write(Data("review: \(w)\n".utf8)) }
    }

    static func describe(_ r: IngestReport, index: String) -> String {
        func list(_ name: String, _ keys: [String]) -> String {
            keys.isEmpty
                ? ""
                : "\n  \(name): " + keys.prefix(12).joined(separator: ", ")
                    + (keys.count > 12 ? ", … (\(keys.count - 12) more)" : "")
        }
        let problems =
            r.problems.isEmpty
            ? "" : "\n  problems (not ingested):" + r.problems.map { "\n    \($0.path): \($0.message)" }.joined()
        return """
            Ingested into \(index) (build \(r.buildID)) in \(String(format: "%.2f", r.seconds)) s
              added \(r.added.count), changed \(r.changed.count), removed \(r.removed.count), \
            skipped \(r.skipped.count) unchanged, \(r.problems.count) with problems
              \(r.documents) documents, \(r.chunks) chunks; embedder \(Self.embedderState(r)): \(r.embedderID)\
            \(list("rebuilt with", r.settingsChanged ?? []))\(list("new versions", r.autoVersioned ?? []))\
            \(list("added", r.added))\(list("changed", r.changed))\(list("removed", r.removed))\
            \(problems)\(Self.review(r))
            """
    }

    /// The warnings, as lines for a knowledge manager to act on (empty when there are none).
    static func review(_ r: IngestReport) -> String {
        guard let warnings = r.warnings, !warnings.isEmpty else { return "" }
        return "\n  to review (ingested, but read as instructions to a system, not to a customer):"
            + warnings.map { "\n    \($0.documentID)@\($0.version) [\($0.start), \($0.end)): \"\($0.excerpt)\"" }
            .joined()
    }

    static func embedderState(_ r: IngestReport) -> String {
        let neural = r.embedderID.hasPrefix(MiniLMEmbedder.family)
        switch (neural, r.refitEmbedder) {
        case (true, true): return "MiniLM, every chunk embedded"
        case (true, false): return "MiniLM, new chunks embedded"
        case (false, true): return "fitted"
        case (false, false): return "reused"
        }
    }
}
