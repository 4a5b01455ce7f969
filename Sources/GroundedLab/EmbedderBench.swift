import ArgumentParser
import CommandLineOptions
import Embeddings
import Engine
import Foundation
import GroundedCore

/// Texts per second of the native MiniLM at batch 32 on one and two threads, and the latency of
/// one short query, beside the Python reference (sentence-transformers) on the same texts in the
/// same run. Prints figures; asserts nothing.
///
/// This machine is shared, so a neighbour's burst can slow whichever side is running. The texts
/// are therefore cut into slices (whole batches of 32, in the reference's own order), and every slice is timed
/// here and then in the reference moments apart, over `rounds` rounds; each side's time for a
/// slice is its faster round. Each round's own ratio is printed too, to show the spread.
struct EmbedderBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embedder",
        abstract: "MiniLM texts/second (batch 32, one and two threads) and query latency, beside sentence-transformers."
    )

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

    @Option(
        name: .long,
        help:
            "Texts per slice, timed on both sides moments apart (a multiple of 32 keeps the batches of the whole set).")
    var slice = 256

    @Option(name: .long, help: "Passes over all the slices; each side keeps its faster time per slice.")
    var rounds = 2

    @Option(name: .long, help: "Timed repeats of the single query (the median is printed).")
    var repeats = 200

    @Option(
        name: .long,
        help: "How the encoder multiplies: automatic (int8 where the CPU has AVX2 or better), float32 or int8.")
    var precision = MiniLMConfiguration.Precision.automatic

    func validate() throws {
        guard slice > 0 else { throw ValidationError("--slice must be at least 1") }
        guard rounds > 0 else { throw ValidationError("--rounds must be at least 1") }
        guard repeats > 0 else { throw ValidationError("--repeats must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            print(Machine.line)
            let (documents, _) = try DocumentLoader().loadJSONL(
                URL(fileURLWithPath: documents), relativePath: "documents")
            let texts = Array(documents.flatMap { $0.chunks.map(\.text) }.prefix(limit))
            // Like for like: sentence-transformers truncates at 256 tokens, so here ours does too
            // (the engine embeds longer texts by windows, which costs more).
            let directory = URL(fileURLWithPath: model)
            let one = try MiniLMEmbedder(
                directory: directory, configuration: .init(threads: 1, longText: .truncate, precision: precision))
            let two = try MiniLMEmbedder(
                directory: directory, configuration: .init(threads: 2, longText: .truncate, precision: precision))
            let pieces = texts.map { one.tokenizer.wordPieces($0).count }  // each text tokenized once
            let tokens = pieces.map { min($0 + 2, 256) }  // with [CLS] and [SEP]
            let long = pieces.filter { $0 > 254 }.count
            print(
                "texts: \(texts.count) doc2dial chunks, mean \(tokens.reduce(0, +) / max(tokens.count, 1)) tokens; "
                    + "\(long) over 256, truncated as sentence-transformers does")
            print("weights: \(one.identifier)")
            print("kernels: \(MiniLMEmbedder.kernels) (GROUNDED_KERNELS=avx2 or =portable lowers it)")
            print("precision: \(one.precision.rawValue) (asked: \(precision.rawValue))")

            // Slices in the order sentence-transformers batches a whole set (longest first by
            // characters, as Python counts them), so its batches here are the ones it would make
            // of all the texts at once. Slices cut by token count instead would hand it batches of
            // near-equal length, less padding than it makes for itself (measured: 13% faster).
            // Ours packs without padding, so its cost does not depend on the order.
            let characters = texts.map(\.unicodeScalars.count)
            let order = texts.indices.sorted { (characters[$0], $1) > (characters[$1], $0) }
            let slices = stride(from: 0, to: order.count, by: slice).map {
                order[$0..<min($0 + slice, order.count)].map { texts[$0] }
            }
            var worker: ReferenceWorker?
            if !reference.isEmpty {
                do { worker = try ReferenceWorker(script: reference, model: model) } catch {
                    print("reference: \(error)")
                }
            }
            defer { worker?.close() }
            print(
                "timing: \(slices.count) slices of up to \(slice) texts, longest first, each timed here"
                    + (worker == nil ? "" : " and then in the reference")
                    + "; \(rounds) round\(rounds == 1 ? "" : "s"), the faster kept per slice")

            let warmUp = Array(texts.prefix(64))
            let embedders = [one, two]
            for (t, embedder) in embedders.enumerated() {
                _ = try embedder.embed(warmUp)
                _ = try worker?.seconds(warmUp, threads: t + 1)
            }
            // Per thread count (1, 2): ours and the reference's seconds, slice by slice, round by round.
            var ours = Array(repeating: Timings(rounds: rounds, slices: slices.count), count: 2)
            var theirs = ours
            for round in 0..<rounds {
                for (s, batch) in slices.enumerated() {
                    for (t, embedder) in embedders.enumerated() {
                        ours[t].seconds[round][s] = try ContinuousClock().measure { _ = try embedder.embed(batch) }
                            .seconds
                        if let worker { theirs[t].seconds[round][s] = try worker.seconds(batch, threads: t + 1) }
                    }
                }
            }

            let clock = ContinuousClock()
            func medianMilliseconds(_ embedder: MiniLMEmbedder) throws -> Double {
                var latencies: [Duration] = []
                for _ in 0..<10 { _ = try embedder.embed(query) }
                for _ in 0..<repeats { latencies.append(try clock.measure { _ = try embedder.embed(query) }) }
                return latencies.sorted()[latencies.count / 2].seconds * 1000
            }
            let ourQuery = try medianMilliseconds(one)
            let ourQueryTwo = try medianMilliseconds(two)
            let peerQuery = try worker?.queryMilliseconds(query, repeats: repeats)

            let n = Double(texts.count)
            func cell(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "–" }
            print("")
            print("                      native MiniLM     \(worker?.library ?? "Python reference: not run")")
            for t in 0..<2 {
                let ourRate = n / ours[t].best
                let peerRate = worker == nil ? nil : n / theirs[t].best
                print(
                    String(
                        format: "batch 32, %d thread%@  %8.1f texts/s   %@   ours ÷ peer %@", t + 1, t == 0 ? " " : "s",
                        ourRate,
                        cell(peerRate, "%8.1f texts/s"), cell(peerRate.map { ourRate / $0 }, "%.2f×")))
                if worker != nil && rounds > 1 {
                    let each = (0..<rounds).map { theirs[t].total(round: $0) / ours[t].total(round: $0) }
                    print("  each round alone: " + each.map { String(format: "%.2f×", $0) }.joined(separator: ", "))
                }
            }
            let queryTokens = one.tokenize(query).count
            print(
                String(
                    format: "one query (%d tokens) %8.2f ms        %@   peer ÷ ours %@", queryTokens, ourQuery,
                    cell(peerQuery, "%8.2f ms      "), cell(peerQuery.map { $0 / ourQuery }, "%.2f×")))
            print(
                String(
                    format: "  same, 2 threads     %8.2f ms        (the engine's query path uses every core)",
                    ourQueryTwo))
            if one.precision != .float32 { try printAgreement(texts, with: two, directory: directory) }
        }
    }

    /// How close the embeddings of a precision other than float32 stay to float32's on the same
    /// texts: the mean and the lowest cosine.
    private func printAgreement(_ texts: [String], with embedder: MiniLMEmbedder, directory: URL) throws {
        let float32 = try MiniLMEmbedder(
            directory: directory, configuration: .init(threads: 2, longText: .truncate, precision: .float32))
        let cosines = zip(try embedder.embed(texts), try float32.embed(texts)).map { a, b in
            zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        }
        print(
            String(
                format: "%@ against float32 on these texts: cosine mean %.4f, lowest %.4f",
                embedder.precision.rawValue, cosines.reduce(0, +) / Float(max(cosines.count, 1)),
                cosines.min() ?? 1))
    }

    /// One side's seconds at one thread count, per round and slice.
    struct Timings {
        var seconds: [[Double]]

        init(rounds: Int, slices: Int) { seconds = Array(repeating: Array(repeating: 0, count: slices), count: rounds) }

        /// Every slice at its fastest round, summed: the least disturbed pass.
        var best: Double { seconds[0].indices.map { s in seconds.map { $0[s] }.min()! }.reduce(0, +) }

        /// One round's pass over every slice.
        func total(round: Int) -> Double { seconds[round].reduce(0, +) }
    }
}

extension MiniLMConfiguration.Precision: ExpressibleByArgument {}
