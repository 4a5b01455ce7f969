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

    @Option(name: .long, help: "HNSW links per node (M).")
    var hnswM = HNSWConfiguration().m

    @Option(name: .long, help: "HNSW candidate list while building.")
    var efConstruction = HNSWConfiguration().efConstruction

    @Option(name: .long, help: "HNSW candidate list while searching (stored with the index).")
    var efSearch = HNSWConfiguration().efSearch

    @Option(name: .long, help: "Vector similarity: cosine or innerProduct.")
    var metric: String = Metric.cosine.rawValue

    @Option(name: .long, help: "Dimension of the built-in embedder.")
    var dimension = LatentSemanticConfiguration().dimension

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard Metric(rawValue: metric) != nil else {
            throw ValidationError("--metric takes cosine or innerProduct, got `\(metric)`")
        }
        do {
            try vectors.validate()
            try LatentSemanticConfiguration(dimension: dimension).validate()
        } catch {
            throw ValidationError("\(error)")
        }
    }

    var vectors: HNSWConfiguration {
        HNSWConfiguration(
            m: hnswM, efConstruction: efConstruction, efSearch: efSearch, metric: Metric(rawValue: metric) ?? .cosine)
    }

    func run() throws {
        try reportingErrors {
            let choice: EmbedderChoice =
                index.embedder == .miniLM
                ? .miniLM(directory: URL(fileURLWithPath: index.model ?? MiniLMEmbedder.defaultDirectory))
                : .builtIn(LatentSemanticConfiguration(dimension: dimension))
            let options = IngestOptions(embedder: choice, vectors: vectors, refit: refit)
            let report = try GroundedEngine.ingest(
                corpus: URL(fileURLWithPath: corpus), index: index.url, options: options)
            for p in report.problems { FileHandle.standardError.write(Data("warning: \(p.path): \(p.message)\n".utf8)) }
            for w in report.warnings ?? [] { FileHandle.standardError.write(Data("review: \(w)\n".utf8)) }
            if json {
                try printJSON(report)
                return
            }
            print(Self.describe(report, index: index.url.path))
        }
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
