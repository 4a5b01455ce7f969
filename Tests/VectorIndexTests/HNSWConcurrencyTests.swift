import Dispatch
import Foundation
import GroundedTesting
import Synchronization
import Testing

@testable import VectorIndex

@Suite("HNSW under concurrent readers and writers")
struct HNSWConcurrencyTests {
    @Test("a parallel build on 4 threads keeps recall")
    func parallelBuild() throws {
        let data = SeededVectors.lowRank(count: 5000, dimension: 32)
        let queries = SeededVectors.lowRank(count: 100, dimension: 32, seed: 8)
        let index = try HNSWIndex(dimension: 32, capacity: 64)  // grows while threads insert
        try index.add(contentsOf: data, threads: 4)
        #expect(index.count == data.count)
        let exact = try BruteForceIndex(dimension: 32, vectors: data).search(queries, k: 10).map { $0.map(\.label) }
        #expect(HNSWRecallTests.recall(try queries.map { try index.search($0, k: 10) }, exact, k: 10) >= 0.95)
    }

    @Test("readers search while one writer adds and deletes; the end state is exact about what was deleted")
    func readersAndWriter() throws {
        let data = SeededVectors.lowRank(count: 6000, dimension: 32)
        let queries = SeededVectors.lowRank(count: 64, dimension: 32, seed: 4)
        let index = try HNSWIndex(dimension: 32, capacity: 1024)
        try index.add(contentsOf: Array(data.prefix(2000)), threads: 2)
        let writerDone = Atomic<Bool>(false)
        let searches = Atomic<Int>(0)
        let badResults = Atomic<Int>(0)
        // Three reader threads search until the writer (this thread) is done; a result with a
        // label outside the data, or short of 10, would mean a reader saw a half-made node.
        let readers = DispatchGroup()
        for worker in 1...3 {
            readers.enter()
            Thread.detachNewThread {
                defer { readers.leave() }
                var q = worker
                while !writerDone.load(ordering: .acquiring) {
                    let result = (try? index.search(queries[q % queries.count], k: 10)) ?? []
                    if result.count != 10 || result.contains(where: { $0.label < 0 || $0.label >= Int64(data.count) }) {
                        badResults.wrappingAdd(1, ordering: .relaxed)
                    }
                    searches.wrappingAdd(1, ordering: .relaxed)
                    q += 3
                }
            }
        }
        for i in 2000..<data.count {
            try index.add(data[i], label: Int64(i))
            if i % 4 == 0 { index.remove(label: Int64(i - 2000)) }
        }
        writerDone.store(true, ordering: .releasing)
        readers.wait()
        #expect(badResults.load(ordering: .relaxed) == 0)
        #expect(searches.load(ordering: .relaxed) > 0)
        let deleted = Set((2000..<data.count).filter { $0 % 4 == 0 }.map { Int64($0 - 2000) })
        #expect(index.count == data.count - deleted.count)
        let remaining = (0..<Int64(data.count)).filter { !deleted.contains($0) }
        let exact = try BruteForceIndex(dimension: 32, vectors: remaining.map { data[Int($0)] }, labels: remaining)
            .search(queries, k: 10).map { $0.map(\.label) }
        let approx = try queries.map { try index.search($0, k: 10) }
        #expect(approx.allSatisfy { $0.allSatisfy { !deleted.contains($0.label) } })
        #expect(HNSWRecallTests.recall(approx, exact, k: 10) >= 0.95)
    }
}
