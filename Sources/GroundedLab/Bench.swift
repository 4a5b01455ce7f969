import ArgumentParser
import CommandLineOptions
import Engine
import Foundation
import GroundedCore
import VectorIndex

/// Prints the engine's figures: ingest time, index size and ask latency (`bench vectors`: the HNSW index).
/// A benchmark, not a test: it measures and prints, it asserts nothing. Build with `-c release`.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print figures (use a release build).",
        subcommands: [EngineBench.self, EmbedderBench.self, RetrievalBench.self, VectorBench.self, TextSetBench.self],
        defaultSubcommand: EngineBench.self)
}

struct EngineBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Measure ingest time, index size and ask latency.")

    @Option(name: .long, help: "A corpus to ingest and query (folder or .jsonl); repeatable.")
    var corpus: [String] = ["Corpus"]

    @Option(
        name: .long,
        help: "A JSONL file of questions (`question` field) for the last corpus; default: the demo questions.")
    var questions: String?

    @Option(name: .long, help: "How many questions to time.")
    var asks = 200

    @Option(
        name: .long,
        help: ArgumentHelp("builtin or minilm: the embedder the corpora are ingested with.", valueName: "kind"))
    var embedder: EmbedderKind = .builtIn

    @Option(name: .long, help: "The MiniLM model folder (with --embedder minilm).")
    var model = MiniLMEmbedder.defaultDirectory

    func run() throws {
        try reportingErrors {
            print(Machine.line)
            print(
                """
                threads: \
                OPENBLAS_NUM_THREADS=\(ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "unset")
                """
            )
            for (i, path) in corpus.enumerated() {
                try benchCorpus(path, questionsFile: i == corpus.count - 1 ? questions : nil)
            }
        }
    }

    func benchCorpus(_ path: String, questionsFile: String?) throws {
        let index = FileManager.default.temporaryDirectory.appendingPathComponent(
            "grounded-bench-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: index) }
        let clock = ContinuousClock()
        var report: IngestReport?
        let options = IngestOptions(embedder: EmbedderChoice(embedder, modelPath: model))
        let corpus = URL(fileURLWithPath: path)
        let full = try clock.measure {
            report = try GroundedEngine.ingest(corpus: corpus, index: index, options: options)
        }
        let again = try clock.measure { _ = try GroundedEngine.ingest(corpus: corpus, index: index, options: options) }
        var engine: GroundedEngine?
        let open = try clock.measure { engine = try GroundedEngine(index: index) }
        guard let report, let engine else { return }
        let sizes = engine.knowledge.fileSizes()
        print("\n== corpus \(path)")
        print(
            "documents \(report.documents), chunks \(report.chunks), vector dimension "
                + "\(engine.knowledge.embedder.dimension)"
        )
        print(
            """
            ingest (full\(embedder == .builtIn ? ", embedder fitted" : "")): \(Self.seconds(full)) s; re-ingest (all \
            unchanged): \(Self.seconds(again)) s; open: \(Self.seconds(open)) s
            """
        )
        print(
            "on disk: "
                + sizes.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.kib($0.value))" }.joined(separator: ", ")
                + "; total \(Self.kib(sizes.values.reduce(0, +)))")

        let questions = try questionsFile.map(Self.readQuestions) ?? DemoQuestions.all
        var latencies: [Duration] = []
        var answered = 0
        for i in 0..<asks {
            let q = questions[i % questions.count]
            var a: GroundedAnswer?
            latencies.append(try clock.measure { a = try engine.ask(q) })
            if a?.status == .answered { answered += 1 }
        }
        latencies.sort()
        print(
            "ask: \(asks) questions, median \(Self.ms(latencies[latencies.count / 2])) ms, p95 "
                + "\(Self.ms(latencies[latencies.count * 95 / 100])) ms; answered \(answered), declined "
                + "\(asks - answered)"
        )
    }

    static func readQuestions(_ path: String) throws -> [String] {
        struct Q: Decodable { let question: String }
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(Q.self, from: Data($0.utf8)).question }
    }

    static func seconds(_ d: Duration) -> String {
        String(format: "%.2f", Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
    }

    static func ms(_ d: Duration) -> String {
        String(format: "%.2f", (Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18) * 1000)
    }

    static func kib(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MiB", Double(bytes) / 1_048_576) : "\(bytes / 1024) KiB"
    }
}
