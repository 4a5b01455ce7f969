import Foundation
import GroundedCore
import GroundedTesting
import Testing

@testable import VectorIndex

@Suite("HNSW with a compact copy searched (int8 codes, half precision)")
struct HNSWQuantizationTests {
    @Test(
        "a compact copy with exact re-ranking keeps recall and returns exact distances",
        arguments: [HNSWConfiguration.Quantization.int8, .float16])
    func recallAndDistances(rows: HNSWConfiguration.Quantization) throws {
        let data = SeededVectors.lowRank(count: 4000, dimension: 384)
        let queries = SeededVectors.lowRank(count: 50, dimension: 384, seed: 6)
        let index = try HNSWIndex(dimension: 384, configuration: .init(quantization: rows), capacity: data.count)
        try index.add(contentsOf: data, threads: 2)
        let exact = try BruteForceIndex(dimension: 384, vectors: data).search(queries, k: 10)
        let approx = try queries.map { try index.search($0, k: 10) }
        #expect(HNSWRecallTests.recall(approx, exact.map { $0.map(\.label) }, k: 10) >= 0.95)
        for (a, e) in zip(approx, exact) { #expect(abs(a[0].distance - e[0].distance) < 1e-4) }
        #expect(index.searchBytesPerVector < index.bytesPerVector / 2)
        // The float index searched on floats: the same recall floor, and the compact copy reads less.
        let float = try HNSWIndex(dimension: 384, configuration: .init(quantization: .none), capacity: data.count)
        try float.add(contentsOf: data, threads: 2)
        #expect(index.searchBytesPerVector < float.searchBytesPerVector * (rows == .int8 ? 2 : 3) / 4)
    }

    @Test(
        "only the nearest candidates are re-read in float, yet every result carries its float distance, nearest first",
        arguments: [HNSWConfiguration.Quantization.int8, .float16])
    func partialRerank(rows: HNSWConfiguration.Quantization) throws {
        let data = SeededVectors.lowRank(count: 3000, dimension: 64, seed: 4)
        let queries = SeededVectors.lowRank(count: 40, dimension: 64, seed: 8)
        let index = try HNSWIndex(dimension: 64, configuration: .init(quantization: rows), capacity: data.count)
        try index.add(contentsOf: data, threads: 2)
        let brute = try BruteForceIndex(dimension: 64, vectors: data)
        let floatDistance = try brute.search(queries, k: data.count).map {
            Dictionary(uniqueKeysWithValues: $0.map { ($0.label, $0.distance) })
        }
        for k in [1, 10, 40] {
            #expect(HNSWIndex.rerankDepth(k: k) >= 4 * k && HNSWIndex.rerankDepth(k: k) >= k + 16)
            let exact = try brute.search(queries, k: k)
            let approx = try queries.map { try index.search($0, k: k, ef: 256) }
            #expect(approx.allSatisfy { $0.count == k })
            #expect(HNSWRecallTests.recall(approx, exact.map { $0.map(\.label) }, k: k) >= 0.95)
            for (distances, found) in zip(floatDistance, approx) {
                #expect(zip(found, found.dropFirst()).allSatisfy { $0.distance <= $1.distance })
                for neighbor in found { #expect(abs(neighbor.distance - (distances[neighbor.label] ?? -1)) < 1e-5) }
            }
        }
    }

    @Test("codes decode to within half a step of the vector")
    func encode() {
        let v: [Float] = [0.5, -0.25, 0.125, 0, -0.5, 1e-3]
        var codes = [Int8](repeating: 0, count: v.count)
        var scale: Float = 0
        ScalarQuantizer.encode(v, v.count, into: &codes, scale: &scale)
        for (x, c) in zip(v, codes) { #expect(abs(Float(c) * scale - x) <= scale / 2 + 1e-7) }
        var zero = [Int8](repeating: 1, count: 3)
        ScalarQuantizer.encode([0, 0, 0], 3, into: &zero, scale: &scale)
        #expect(zero == [0, 0, 0] && scale == 0)
    }

    @Test(
        "an index with a compact copy and deletions saves and loads back identically",
        arguments: [HNSWConfiguration.Quantization.int8, .float16])
    func persistence(rows: HNSWConfiguration.Quantization) throws {
        let data = SeededVectors.clustered(count: 1500, dimension: 23)
        let index = try HNSWIndex(dimension: 23, configuration: .init(quantization: rows))
        try index.add(contentsOf: data, threads: 2)
        for label in stride(from: Int64(0), to: 1500, by: 7) { index.remove(label: label) }
        let url = try TestPaths.temporaryDirectory().appendingPathComponent("\(rows).hnsw")
        try index.save(to: url, buildID: "b")
        let loaded = try HNSWIndex.load(from: url)
        #expect(loaded.count == index.count && loaded.deletedSlots == index.deletedSlots)
        #expect(loaded.configuration.quantization == rows)
        for q in SeededVectors.clustered(count: 20, dimension: 23, seed: 9) {
            #expect(try loaded.search(q, k: 5) == index.search(q, k: 5))
        }
        #expect(!loaded.contains(label: 7) && loaded.contains(label: 8))
    }
}
