import ArgumentParser
import CommandLineOptions
import Embeddings
import Foundation
import GroundedCore
import VectorIndex

/// Makes a real text-embedding set for the vector benchmarks: sentences embedded with the native
/// MiniLM (`base.fvecs`, `query.fvecs`, normalised) and the exact top 100 of each query by cosine,
/// from a BLAS brute-force scan (`groundtruth.ivecs`). Data preparation, not a benchmark.
struct TextSetBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text-set",
        abstract: "Embed sentences (one per line) with MiniLM into base/query fvecs with exact ground truth.")

    @Option(name: .long, help: "Sentences, one per line; the last --queries of them are the queries.")
    var sentences: String

    @Option(name: .long, help: "How many of the last sentences are queries (held out of the base).")
    var queries = 1_000

    @Option(name: .long, help: "The folder to write base.fvecs, query.fvecs and groundtruth.ivecs to.")
    var out: String

    @Option(name: .long, help: "The MiniLM model folder.")
    var model = MiniLMEmbedder.defaultDirectory

    func run() throws {
        try reportingErrors {
            let text = try String(contentsOfFile: sentences, encoding: .utf8)
            let lines = text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
            guard lines.count > queries, queries > 0 else {
                throw ValidationError(
                    "\(sentences) holds \(lines.count) sentences: need more than --queries \(queries)")
            }
            // Float32, as the reference figures in ../shared/data/minilm-text were made: the set does not
            // change with the CPU (int8 products, the default with AVX2, would move every vector a little).
            let embedder = try MiniLMEmbedder(
                directory: URL(fileURLWithPath: model), configuration: .init(precision: .float32))
            let clock = ContinuousClock()
            var vectors: [[Float]] = []
            let seconds = try clock.measure {
                for start in stride(from: 0, to: lines.count, by: 4_096) {
                    vectors += try embedder.embed(Array(lines[start..<min(start + 4_096, lines.count)]))
                    FileHandle.standardError.write(Data("\rembedded \(vectors.count)/\(lines.count)".utf8))
                }
            }.seconds
            FileHandle.standardError.write(Data("\n".utf8))
            let base = Array(vectors.prefix(lines.count - queries))
            let asked = Array(vectors.suffix(queries))
            let truth = try BruteForceIndex(dimension: embedder.dimension, vectors: base).search(asked, k: 100)
            let dir = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try VectorFile.writeFvecs(base, to: dir.appendingPathComponent("base.fvecs"))
            try VectorFile.writeFvecs(asked, to: dir.appendingPathComponent("query.fvecs"))
            try VectorFile.writeIvecs(
                truth.map { $0.map { Int32($0.label) } }, to: dir.appendingPathComponent("groundtruth.ivecs"))
            print(
                "\(base.count) base and \(asked.count) query vectors of \(embedder.dimension) in \(out); embedded in "
                    + String(format: "%.1f s (%.0f sentences/s)", seconds, Double(lines.count) / seconds))
        }
    }
}
