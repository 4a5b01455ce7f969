import Foundation
import GroundedCore
import GroundedTesting
import Testing

@testable import VectorIndex

@Suite("HNSW with int8 codes")
struct HNSWQuantizationTests {
    @Test("int8 codes with exact re-ranking keep recall and return exact distances")
    func recallAndDistances() throws {
        let data = SeededVectors.lowRank(count: 4000, dimension: 384)
        let queries = SeededVectors.lowRank(count: 50, dimension: 384, seed: 6)
        let index = try HNSWIndex(dimension: 384, configuration: .init(quantization: .int8), capacity: data.count)
        try index.add(contentsOf: data, threads: 2)
        let exact = try BruteForceIndex(dimension: 384, vectors: data).search(queries, k: 10)
        let approx = try queries.map { try index.search($0, k: 10) }
        #expect(HNSWRecallTests.recall(approx, exact.map { $0.map(\.label) }, k: 10) >= 0.95)
        #expect(abs(approx[0][0].distance - exact[0][0].distance) < 1e-4)
        #expect(index.searchBytesPerVector < index.bytesPerVector / 2)
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

    @Test("an int8 index with deletions saves and loads back identically")
    func persistence() throws {
        let data = SeededVectors.clustered(count: 1500, dimension: 24)
        let index = try HNSWIndex(dimension: 24, configuration: .init(quantization: .int8))
        try index.add(contentsOf: data, threads: 2)
        for label in stride(from: Int64(0), to: 1500, by: 7) { index.remove(label: label) }
        let url = try TestPaths.temporaryDirectory().appendingPathComponent("q.hnsw")
        try index.save(to: url, buildID: "b")
        let loaded = try HNSWIndex.load(from: url)
        #expect(loaded.count == index.count && loaded.deletedSlots == index.deletedSlots)
        #expect(loaded.configuration.quantization == .int8)
        for q in SeededVectors.clustered(count: 20, dimension: 24, seed: 9) {
            #expect(try loaded.search(q, k: 5) == index.search(q, k: 5))
        }
        #expect(!loaded.contains(label: 7) && loaded.contains(label: 8))
    }
}
