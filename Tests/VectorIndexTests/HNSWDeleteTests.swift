import GroundedCore
import GroundedTesting
import Synchronization
import Testing

@testable import VectorIndex

@Suite("HNSW deletes and compaction")
struct HNSWDeleteTests {
    static let data = SeededVectors.lowRank(count: 6000, dimension: 48)
    static let queries = SeededVectors.lowRank(count: 200, dimension: 48, seed: 21)

    /// A seeded random 10% of the labels.
    static var removed: Set<Int64> {
        var rng = SplitMix64(seed: 99)
        var picked = Set<Int64>()
        while picked.count < data.count / 10 { picked.insert(Int64(rng.next() % UInt64(data.count))) }
        return picked
    }

    static func recall(_ index: HNSWIndex, remaining: [Int64]) throws -> Double {
        let exact = try BruteForceIndex(dimension: 48, vectors: remaining.map { data[Int($0)] }, labels: remaining)
            .search(queries, k: 10).map { $0.map(\.label) }
        return HNSWRecallTests.recall(try queries.map { try index.search($0, k: 10, ef: 48) }, exact, k: 10)
    }

    @Test("after deleting 10% at random, recall stays within 0.01 of a fresh build; deleted vectors never return")
    func recallAfterDeletes() throws {
        let index = try HNSWIndex(dimension: 48, capacity: Self.data.count)
        try index.add(contentsOf: Self.data, threads: 1)
        let removed = Self.removed
        for label in removed.sorted() { #expect(index.remove(label: label)) }
        #expect(index.count == Self.data.count - removed.count && index.deletedSlots == removed.count)
        let remaining = (0..<Int64(Self.data.count)).filter { !removed.contains($0) }
        for q in Self.queries.prefix(50) {
            #expect(try index.search(q, k: 20).allSatisfy { !removed.contains($0.label) })
        }
        let fresh = try HNSWIndex(dimension: 48, capacity: remaining.count)
        try fresh.add(contentsOf: remaining.map { Self.data[Int($0)] }, labels: remaining, threads: 1)
        let afterDeletes = try Self.recall(index, remaining: remaining)
        let freshRecall = try Self.recall(fresh, remaining: remaining)
        print("recall@10 at ef 48: after deleting 10% \(afterDeletes), fresh build \(freshRecall)")
        #expect(afterDeletes >= freshRecall - 0.01)

        let compacted = try index.compacted(threads: 2)
        #expect(compacted.count == remaining.count && compacted.deletedSlots == 0)
        #expect(compacted.slots.load(ordering: .relaxed) == remaining.count)
        #expect(try Self.recall(compacted, remaining: remaining) >= freshRecall - 0.01)
    }

    @Test("a deleted vector leaves results at once; its neighbours no longer link to it")
    func immediateAndRepaired() throws {
        let index = try HNSWIndex(dimension: 48, capacity: 2000)
        try index.add(contentsOf: Array(Self.data.prefix(2000)), threads: 1)
        let target = Self.data[17]
        #expect(try index.search(target, k: 1).first?.label == 17)
        let slot = try #require(index.slotOfLabel.withLock { $0[17] })
        let s = index.storage
        let neighbours = (0..<Int(s.links(Int(slot), layer: 0)[0])).map { Int(s.links(Int(slot), layer: 0)[1 + $0]) }
        #expect(index.remove(label: 17))
        #expect(!index.remove(label: 17))
        #expect(!index.contains(label: 17))
        #expect(try index.search(target, k: 5).allSatisfy { $0.label != 17 })
        for n in neighbours {
            let list = s.links(n, layer: 0)
            #expect(!(0..<Int(list[0])).contains { list[1 + $0] == slot })
            #expect(list[0] > 0)
        }
    }

    @Test("re-adding a label replaces its vector; removing every vector, even the entry point, empties the index")
    func replaceAndEmpty() throws {
        let index = try HNSWIndex(dimension: 48)
        for i in 0..<300 { try index.add(Self.data[i], label: Int64(i)) }
        try index.add(Self.data[1000], label: 5)
        #expect(index.count == 300)
        #expect(try index.search(Self.data[1000], k: 1).first?.label == 5)
        #expect(try index.search(Self.data[5], k: 3).allSatisfy { $0.label != 5 || $0.distance < 1e-4 })
        #expect(!index.remove(label: 12345))
        for i in 0..<300 { #expect(index.remove(label: Int64(i))) }
        #expect(index.count == 0)
        #expect(try index.search(Self.data[0], k: 5).isEmpty)
        try index.add(Self.data[0], label: 7)
        #expect(try index.search(Self.data[0], k: 5).map(\.label) == [7])
    }
}
