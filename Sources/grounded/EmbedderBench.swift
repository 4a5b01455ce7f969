import ArgumentParser
import Embeddings
import Engine
import Foundation
import GroundedCore

/// Texts per second of the native MiniLM at batch 32 on one and two threads, and the latency of
/// one short query, beside the Python reference (sentence-transformers) on the same texts in the
/// same run. Prints figures; asserts nothing.
struct EmbedderBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embedder",
        abstract: "MiniLM texts/second (batch 32, one and two threads) and query latency, beside sentence-transformers.")

    @Option(name: .long, help: "The model folder.")
    var model = MiniLMEmbedder.defaultDirectory

    @Option(name: .long, help: "The documents whose chunks are embedded (JSONL, as doc2dial's).")
    var documents = "../shared/data/doc2dial/documents.jsonl"

    @Option(name: .long, help: "Embed at most this many chunks.")
    var limit = 2200

    @Option(name: .long, help: "The Python reference script; pass an empty string to skip it.")
    var reference = "Tools/minilm_reference.py"

    @Option(name: .long, help: "The query whose single-text latency is measured.")
    var query = "How do I report a change of address to the DMV after I move to another county?"

    func run() throws {
        try reportingErrors {
            let (documents, _) = try DocumentLoader().loadJSONL(URL(fileURLWithPath: documents), relativePath: "documents")
            let texts = Array(documents.flatMap { $0.chunks.map(\.text) }.prefix(limit))
            // Like for like: sentence-transformers truncates at 256 tokens, so here ours does too
            // (the engine embeds longer texts by windows, which costs more).
            let directory = URL(fileURLWithPath: model)
            let one = try MiniLMEmbedder(directory: directory, configuration: .init(threads: 1, longText: .truncate))
            let two = try MiniLMEmbedder(directory: directory, configuration: .init(threads: 2, longText: .truncate))
            let tokens = texts.map { min(one.tokenize($0).count, 256) }
            let long = texts.filter { one.tokenizer.wordPieces($0).count > 254 }.count
            print("texts: \(texts.count) doc2dial chunks, mean \(tokens.reduce(0, +) / max(tokens.count, 1)) tokens; "
                  + "\(long) over 256, truncated as sentence-transformers does")
            print("weights: \(one.identifier)")

            let clock = ContinuousClock()
            _ = try one.embed(Array(texts.prefix(64)))                       // warm-up
            let t1 = try clock.measure { _ = try one.embed(texts) }
            let t2 = try clock.measure { _ = try two.embed(texts) }
            func medianMilliseconds(_ embedder: MiniLMEmbedder) throws -> Double {
                var latencies: [Duration] = []
                for _ in 0..<10 { _ = try embedder.embed(query) }
                for _ in 0..<200 { latencies.append(try clock.measure { _ = try embedder.embed(query) }) }
                return latencies.sorted()[latencies.count / 2].seconds * 1000
            }
            let ours = (Double(texts.count) / t1.seconds, Double(texts.count) / t2.seconds)
            let ourQuery = try medianMilliseconds(one), ourQueryTwo = try medianMilliseconds(two)

            var peer: [String: Any]?
            if !reference.isEmpty { peer = try runReference(texts) }
            let peer1 = (peer?["throughput"] as? [String: Double])?["1"]
            let peer2 = (peer?["throughput"] as? [String: Double])?["2"]
            let peerQuery = peer?["query_ms_median"] as? Double
            func ratio(_ a: Double, _ b: Double?) -> String { b.map { String(format: "%.2f×", a / $0) } ?? "–" }
            func cell(_ b: Double?, _ f: String) -> String { b.map { String(format: f, $0) } ?? "–" }
            print("")
            print("                      native MiniLM     \(peer?["library"] as? String ?? "Python reference: not run")")
            print(String(format: "batch 32, 1 thread    %8.1f texts/s   %@   ours ÷ peer %@", ours.0, cell(peer1, "%8.1f texts/s"), ratio(ours.0, peer1)))
            print(String(format: "batch 32, 2 threads   %8.1f texts/s   %@   ours ÷ peer %@", ours.1, cell(peer2, "%8.1f texts/s"), ratio(ours.1, peer2)))
            let queryTokens = one.tokenize(query).count
            print(String(format: "one query (%d tokens) %8.2f ms        %@   peer ÷ ours %@", queryTokens, ourQuery,
                         cell(peerQuery, "%8.2f ms      "), peerQuery.map { String(format: "%.2f×", $0 / ourQuery) } ?? "–"))
            print(String(format: "  same, 2 threads     %8.2f ms        (the engine's query path uses every core)", ourQueryTwo))
            if let error = peer?["error"] as? String { print("reference: \(error)") }
        }
    }

    /// Runs the Python reference on the same texts and returns its JSON.
    func runReference(_ texts: [String]) throws -> [String: Any]? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("minilm-texts-\(UUID().uuidString.prefix(8)).json")
        try JSONEncoder().encode(texts).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", reference, "--model", model, "--texts", file.path, "--query", query]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

}
