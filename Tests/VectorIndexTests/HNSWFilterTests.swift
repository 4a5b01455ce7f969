import GroundedTesting
import Testing

@testable import VectorIndex

@Suite("HNSW filtered search")
struct HNSWFilterTests {
    /// Admits `share` of the labels, spread over the space by a hash of the label.
    static func admitting(_ share: Double) -> @Sendable (Int64) -> Bool {
        let limit = UInt64(share * 65536)
        return { (UInt64(bitPattern: $0) &* 0x9e37_79b9_7f4a_7c15) >> 48 < limit }
    }

    @Test(
        "recall@10 >= 0.95 at 50%, 10% and 1% selectivity, only admitted labels returned",
        arguments: [0.5, 0.1, 0.01])
    func selectivity(share: Double) throws {
        let data = SeededVectors.lowRank(count: 8000, dimension: 48)
        let queries = SeededVectors.lowRank(count: 100, dimension: 48, seed: 5)
        let index = try HNSWIndex(dimension: 48, capacity: data.count)
        try index.add(contentsOf: data, threads: 2)
        let admit = Self.admitting(share)
        let exact = try BruteForceIndex(dimension: 48, vectors: data).search(queries, k: 10, filter: admit)
        #expect(exact.allSatisfy { $0.count == 10 })
        // efSearch 32: at 50% the graph is cheaper and is searched; at 10% and 1% the exact scan is.
        #expect(index.preferExact(index.storage, slotCount: data.count, ef: 32, filter: admit) == (share < 0.5))
        let approx = try queries.map { try index.search($0, k: 10, ef: 32, filter: admit) }
        #expect(approx.allSatisfy { $0.allSatisfy { admit($0.label) } })
        let recall = HNSWRecallTests.recall(approx, exact.map { $0.map(\.label) }, k: 10)
        print("filtered recall@10 at \(share * 100)% admitted: \(recall)")
        #expect(recall >= 0.95)
    }

    @Test("the filtered search switches to an exact scan when few vectors are admitted")
    func switchesToExact() throws {
        let data = SeededVectors.clustered(count: 4000, dimension: 16)
        let index = try HNSWIndex(dimension: 16, capacity: data.count)
        try index.add(contentsOf: data, threads: 1)
        let s = index.storage
        // 1% of 4,000: 40 distances beat a graph search that must find 64 admitted nodes.
        #expect(index.preferExact(s, slotCount: data.count, ef: 64, filter: Self.admitting(0.01)))
        // Half admitted and a short candidate list: the graph visits far fewer than 2,000 nodes.
        #expect(!index.preferExact(s, slotCount: data.count, ef: 16, filter: Self.admitting(0.5)))
        #expect(index.preferExact(s, slotCount: data.count, ef: 64, filter: { _ in false }))
        #expect(try index.search(data[0], k: 5, filter: { _ in false }).isEmpty)
    }
}
