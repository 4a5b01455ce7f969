import ArgumentParser
import CommandLineOptions
import Dispatch
import Embeddings
import Foundation
import GroundedCore
import Synchronization
import VectorIndex

/// The vector index against the ground truth of a base/query set: build time, size, load time,
/// and for each `efSearch`, recall@10 and queries per second on one thread and on all cores.
/// A benchmark, not a test: it prints figures and asserts nothing. Build with `-c release`.
struct VectorBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Measure the HNSW index on fvecs/ivecs files: build, size, load, recall@10, queries/s.")

    @Option(name: .long, help: "A folder holding base.fvecs, query.fvecs and (optionally) groundtruth.ivecs.")
    var set: String

    @Option(name: .long, help: "Queries to use (from the start of query.fvecs).")
    var queries = 10_000

    @Option(name: .long, parsing: .upToNextOption, help: "efSearch values to sweep.")
    var ef: [Int] = [10, 16, 24, 32, 48, 64, 96, 128, 256]

    @Option(name: .long, help: "Links per node (hnswlib's M).")
    var m = 16

    @Option(name: .customLong("ef-construction"), help: "Candidate list while building.")
    var efConstruction = 200

    @Option(name: .customLong("build-threads"), help: "Threads for the build (default: all cores).")
    var buildThreads = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Threads for the all-cores figure (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        name: .long,
        help: "none (float32), float16 or int8: the copy the graph search reads (floats re-rank); default the index's.")
    var quantization: HNSWConfiguration.Quantization = HNSWConfiguration().quantization

    @Option(name: .long, help: "Minimum seconds per timing (at least 3 passes; the best pass counts).")
    var seconds = 1.0

    @Flag(name: .long, help: "Also measure filtered search at 50%, 10% and 1% selectivity.")
    var filters = false

    @Option(name: .long, help: "Write the figures as JSON to this file.")
    var json: String?

    func run() throws {
        try reportingErrors {
            let dir = URL(fileURLWithPath: set)
            let base = try VectorFile.readFvecs(dir.appendingPathComponent("base.fvecs"))
            let qs = try VectorFile.readFvecs(dir.appendingPathComponent("query.fvecs"), limit: queries)
            guard let dimension = base.first?.count, !qs.isEmpty else { throw ValidationError("\(set): no vectors") }
            let truthURL = dir.appendingPathComponent("groundtruth.ivecs")
            let truth: [[Int64]] =
                FileManager.default.fileExists(atPath: truthURL.path)
                ? try VectorFile.readIvecs(truthURL, limit: qs.count).map { $0.prefix(10).map(Int64.init) }
                : try BruteForceIndex(dimension: dimension, vectors: base).search(qs, k: 10).map { $0.map(\.label) }
            var report = VectorBenchReport(
                set: set, count: base.count, dimension: dimension, queries: qs.count,
                m: m, efConstruction: efConstruction, quantization: quantization.rawValue,
                buildThreads: buildThreads, threads: threads)
            let config = HNSWConfiguration(m: m, efConstruction: efConstruction, quantization: quantization)
            let clock = ContinuousClock()
            var built: HNSWIndex?
            report.buildSeconds = try clock.measure {
                let index = try HNSWIndex(dimension: dimension, configuration: config, capacity: base.count)
                try index.add(contentsOf: base, threads: buildThreads)
                built = index
            }.seconds
            guard let index = built else { return }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "grounded-vbench-\(UUID().uuidString.prefix(8)).hnsw")
            defer { try? FileManager.default.removeItem(at: file) }
            try index.save(to: file, buildID: "bench")
            report.fileBytes = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            report.bytesPerVector = index.bytesPerVector
            report.searchBytesPerVector = index.searchBytesPerVector
            report.loadSeconds =
                try (0..<3).map { _ in try clock.measure { _ = try HNSWIndex.load(from: file) }.seconds }.min() ?? 0
            print(Machine.line)
            print(
                "== \(set): \(base.count) × \(dimension), \(qs.count) queries; M \(m), efConstruction "
                    + "\(efConstruction), \(quantization.rawValue)"
            )
            print(
                String(
                    format:
                        "build %.2f s (%d threads); file %.1f MiB; %d bytes/vector in memory (%d searched); load %.1f "
                        + "ms",
                    report.buildSeconds, buildThreads, Double(report.fileBytes) / 1_048_576,
                    report.bytesPerVector, report.searchBytesPerVector, report.loadSeconds * 1000))
            print("efSearch  recall@10   q/s 1 thread   q/s \(threads) threads")
            for e in ef {
                let point = try measure(index, qs, truth, ef: e, filter: nil)
                report.sweep.append(point)
                print(String(format: "%8d  %9.4f  %13.0f  %14.0f", e, point.recall, point.qps1, point.qpsAll))
            }
            if filters { report.filtered = try measureFilters(index, base: base, qs) }
            if let json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(report).write(to: URL(fileURLWithPath: json))
            }
        }
    }

    func measure(
        _ index: HNSWIndex, _ qs: [[Float]], _ truth: [[Int64]], ef: Int,
        filter: (@Sendable (Int64) -> Bool)?
    ) throws -> VectorBenchReport.Point {
        var results: [[Neighbor]] = []
        let clock = ContinuousClock()
        var best = Double.infinity
        var total = 0.0
        var passes = 0
        while passes < 3 || total < seconds {
            let t = try clock.measure { results = try qs.map { try index.search($0, k: 10, ef: ef, filter: filter) } }
                .seconds
            best = min(best, t)
            total += t
            passes += 1
        }
        var hits = 0
        for (r, g) in zip(results, truth) { hits += Set(r.map(\.label)).intersection(g).count }
        let all = allCores(index, qs, ef: ef, filter: filter)
        return .init(
            ef: ef, recall: Double(hits) / Double(truth.count * 10), qps1: Double(qs.count) / best, qpsAll: all)
    }

    /// Queries per second with `threads` threads taking queries from a shared counter (best pass).
    func allCores(_ index: HNSWIndex, _ qs: [[Float]], ef: Int, filter: (@Sendable (Int64) -> Bool)?) -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity
        var total = 0.0
        var passes = 0
        while passes < 3 || total < seconds {
            let next = Atomic<Int>(0)
            let t = clock.measure {
                DispatchQueue.concurrentPerform(iterations: threads) { _ in
                    while true {
                        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard i < qs.count else { return }
                        _ = try? index.search(qs[i], k: 10, ef: ef, filter: filter)
                    }
                }
            }.seconds
            best = min(best, t)
            total += t
            passes += 1
        }
        return Double(qs.count) / best
    }

    /// Recall and speed of filtered searches at 50%, 10% and 1% of labels admitted (by a hash of
    /// the label, so admitted vectors are spread over the space), against exact filtered results.
    func measureFilters(_ index: HNSWIndex, base: [[Float]], _ qs: [[Float]]) throws -> [VectorBenchReport.Filtered] {
        let sample = Array(qs.prefix(1000))
        let exact = try BruteForceIndex(dimension: base[0].count, vectors: base)
        print("filtered (efSearch 64): admitted   recall@10   q/s 1 thread")
        var out: [VectorBenchReport.Filtered] = []
        for share in [0.5, 0.1, 0.01] {
            let limit = UInt64(share * 65536)
            let admit: @Sendable (Int64) -> Bool = { (UInt64(bitPattern: $0) &* 0x9e37_79b9_7f4a_7c15) >> 48 < limit }
            let truth = try exact.search(sample, k: 10, filter: admit).map { $0.map(\.label) }
            let point = try measure(index, sample, truth, ef: 64, filter: admit)
            out.append(.init(share: share, recall: point.recall, qps1: point.qps1))
            print(String(format: "%30.0f%%  %9.4f  %13.0f", share * 100, point.recall, point.qps1))
        }
        return out
    }
}

/// The figures `grounded-lab bench vectors --json` writes (read by Tools/ann_table.py).
struct VectorBenchReport: Codable {
    struct Point: Codable {
        var ef: Int
        var recall: Double
        var qps1: Double
        var qpsAll: Double
    }
    struct Filtered: Codable {
        var share: Double
        var recall: Double
        var qps1: Double
    }
    var set: String
    /// The CPU model and the kernel level used (`Machine`).
    var cpu = Machine.cpu
    var kernels = MiniLMEmbedder.kernels
    var count: Int
    var dimension: Int
    var queries: Int
    var m: Int
    var efConstruction: Int
    var quantization: String
    var buildThreads: Int
    var threads: Int
    var buildSeconds = 0.0
    var fileBytes = 0
    var bytesPerVector = 0
    var searchBytesPerVector = 0
    var loadSeconds = 0.0
    var sweep: [Point] = []
    var filtered: [Filtered] = []
}

extension HNSWConfiguration.Quantization: ExpressibleByArgument {}
