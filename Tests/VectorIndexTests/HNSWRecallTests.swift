import Foundation
import GroundedCore
import GroundedTesting
import Testing

@testable import VectorIndex

@Suite("HNSW against its exact twin")
struct HNSWRecallTests {
    static func recall(_ approx: [[Neighbor]], _ exact: [[Int64]], k: Int) -> Double {
        var hits = 0
        for (a, e) in zip(approx, exact) {
            hits += Set(a.prefix(k).map(\.label)).intersection(e.prefix(k)).count
        }
        return Double(hits) / Double(exact.count * k)
    }

    @Test("recall@10 >= 0.95 with the defaults on GloVe-50 angular (100k base, first 1,000 queries)")
    func gloveRecall() throws {
        let dir = TestPaths.sharedData.appendingPathComponent("glove-50-angular")
        let base = try VectorFile.readFvecs(dir.appendingPathComponent("base.fvecs"))
        let queries = try VectorFile.readFvecs(dir.appendingPathComponent("query.fvecs"), limit: 1000)
        #expect(base.count == 100_000 && queries.count == 1000)
        let index = try HNSWIndex(dimension: 50, capacity: base.count)
        for (i, v) in base.enumerated() { try index.add(v, label: Int64(i)) }
        // The exact twin: brute force through BLAS over the same vectors.
        let exact = try BruteForceIndex(dimension: 50, vectors: base).search(queries, k: 10).map { $0.map(\.label) }
        // ...which must agree with the published ground truth.
        let truth = try VectorFile.readIvecs(dir.appendingPathComponent("groundtruth.ivecs"), limit: 1000)
        let agreement = zip(exact, truth).map { Set($0).intersection($1.prefix(10).map(Int64.init)).count }.reduce(0, +)
        #expect(Double(agreement) / 10_000 > 0.99)
        let approx = try queries.map { try index.search($0, k: 10) }
        let r = Self.recall(approx, exact, k: 10)
        print("HNSW GloVe-50 recall@10 at efSearch \(index.configuration.efSearch): \(r)")
        #expect(r >= 0.95)
    }

    @Test(
        "recall on 384-d embedding-like vectors, and results sorted nearest first, whatever the search reads",
        arguments: HNSWConfiguration.Quantization.allCases)
    func embeddingLikeRecall(rows: HNSWConfiguration.Quantization) throws {
        let data = SeededVectors.lowRank(count: 3000, dimension: 384)
        let queries = SeededVectors.lowRank(count: 100, dimension: 384, seed: 99)
        let index = try HNSWIndex(dimension: 384, configuration: .init(quantization: rows))
        for (i, v) in data.enumerated() { try index.add(v, label: Int64(i)) }
        let exact = try BruteForceIndex(dimension: 384, vectors: data).search(queries, k: 10)
        let approx = try queries.map { try index.search($0, k: 10) }
        #expect(Self.recall(approx, exact.map { $0.map(\.label) }, k: 10) >= 0.95)
        for result in approx { #expect(zip(result, result.dropFirst()).allSatisfy { $0.distance <= $1.distance }) }
        // Distances are 1 - cosine, matching the exact twin's.
        #expect(abs(approx[0][0].distance - exact[0][0].distance) < 1e-4)
    }

    @Test("wrong dimensions are rejected with a clear error")
    func wrongDimension() throws {
        let index = try HNSWIndex(dimension: 8)
        #expect(throws: VectorIndexError.self) { try index.add([1, 2, 3], label: 0) }
        try index.add([Float](repeating: 1, count: 8), label: 0)
        let error = #expect(throws: VectorIndexError.self) { try index.search([1], k: 1) }
        #expect(error?.description.contains("8-dimensional") == true)
        #expect(throws: VectorIndexError.self) { try HNSWIndex(dimension: 8, configuration: .init(m: 1)) }
    }
}

@Suite("HNSW with the inner-product metric")
struct InnerProductTests {
    @Test("maximum inner-product search agrees with brute force; vectors are not normalised")
    func innerProduct() throws {
        let data = SeededVectors.lowRank(count: 2000, dimension: 64).enumerated().map { i, v in
            v.map { $0 * Float(1 + i % 5) }
        }
        let queries = SeededVectors.lowRank(count: 50, dimension: 64, seed: 3)
        let config = HNSWConfiguration(metric: .innerProduct)
        let index = try HNSWIndex(dimension: 64, configuration: config)
        for (i, v) in data.enumerated() { try index.add(v, label: Int64(i)) }
        #expect(index.storedVector(label: 7) == data[7])
        #expect(index.storedVector(label: 99_999) == nil)
        let exact = try BruteForceIndex(dimension: 64, metric: .innerProduct, vectors: data).search(queries, k: 10)
        let approx = try queries.map { try index.search($0, k: 10, ef: 200) }
        #expect(HNSWRecallTests.recall(approx, exact.map { $0.map(\.label) }, k: 10) >= 0.9)
        let dot = zip(queries[0], data[Int(exact[0][0].label)]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        #expect(abs(exact[0][0].similarity - dot) < 1e-2 * max(1, abs(dot)))
    }
}
