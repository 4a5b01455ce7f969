import GroundedCore
import GroundedTesting
import Testing

@testable import VectorIndex

@Suite("The sorted candidate pool of unfiltered searches")
struct CandidatePoolTests {
    @Test("a key sorts as its candidate sorts and gives the candidate back")
    func keys() {
        let distances: [Float] = [-2, -0.5, -1e-7, -0.0, 0, 1e-7, 0.25, 1, 2, .infinity]
        var candidates: [Candidate] = []
        for d in distances {
            for node: UInt32 in [0, 1, 7, (1 << 31) - 1] { candidates.append(Candidate(d, node)) }
        }
        for c in candidates {
            let back = CandidatePool.candidate(CandidatePool.key(c))
            #expect(back.distance.bitPattern == c.distance.bitPattern && back.node == c.node)
        }
        for a in candidates {
            for b in candidates where a.distance != b.distance || a.node != b.node {
                // -0 and 0 are equal distances but distinct keys: only the strict order must agree.
                guard a.distance != b.distance else {
                    if a.distance.bitPattern == b.distance.bitPattern {
                        #expect((CandidatePool.key(a) < CandidatePool.key(b)) == (a.node < b.node))
                    }
                    continue
                }
                #expect((CandidatePool.key(a) < CandidatePool.key(b)) == (a.distance < b.distance))
            }
        }
    }

    @Test("the pool keeps the nearest `limit` candidates, nearest first, ties by node", arguments: [1, 7, 64, 200])
    func keepsNearest(limit: Int) {
        var rng = SplitMix64(seed: UInt64(limit))
        var pool = CandidatePool(capacity: 4)
        defer { pool.deallocate() }
        pool.reset(limit: limit)
        var offered: [Candidate] = []
        for node in 0..<1000 {
            // Few distinct distances, so many ties.
            let c = Candidate(Float(rng.next() % 40) / 32 - 0.25, UInt32(node))
            offered.append(c)
            if pool.admits(c) { pool.insert(c) }
        }
        let expected = offered.sorted { ($0.distance, $0.node) < ($1.distance, $1.node) }.prefix(limit)
        #expect(pool.sorted().map(\.node) == expected.map(\.node))
        #expect(pool.count == limit)
    }

    @Test("expansion goes nearest unexpanded first, and returns to a nearer candidate inserted later")
    func expansionOrder() {
        var pool = CandidatePool(capacity: 8)
        defer { pool.deallocate() }
        pool.reset(limit: 4)
        pool.insert(Candidate(0.5, 1))
        pool.insert(Candidate(0.3, 2))
        #expect(pool.peekNext() == 2)
        #expect(pool.expandNext() == 2)
        #expect(pool.expandNext() == 1)
        #expect(pool.expandNext() == nil)
        // A nearer candidate than both expanded ones is next; a farther one fills the pool.
        pool.insert(Candidate(0.1, 3))
        pool.insert(Candidate(0.9, 4))
        #expect(pool.admits(Candidate(0.95, 5)) == false)
        #expect(pool.expandNext() == 3)
        #expect(pool.expandNext() == 4)
        #expect(pool.expandNext() == nil)
        // Full, the pool drops its farthest (4) for a nearer one.
        pool.insert(Candidate(0.2, 6))
        #expect(pool.sorted().map(\.node) == [3, 6, 2, 1])
        #expect(pool.expandNext() == 6)
        #expect(pool.expandNext() == nil)
    }

    @Test("an unfiltered search through the pool finds what the two-heap search finds")
    func poolMatchesHeaps() throws {
        let dimension = 32
        let data = SeededVectors.clustered(count: 3000, dimension: dimension, clusters: 20, seed: 11)
        let index = try HNSWIndex(dimension: dimension, configuration: .init(m: 8), capacity: data.count)
        try index.add(contentsOf: data, threads: 1)
        let queries = SeededVectors.clustered(count: 40, dimension: dimension, clusters: 20, seed: 12)
        let scratch = index.scratchPool.take(slots: data.count)
        defer { index.scratchPool.give(scratch) }
        index.reading { s in
            for (q, query) in queries.enumerated() {
                index.prepareQuery(query, into: scratch)
                let start = Candidate(1 - Kernels.dot(scratch.query, s.vector(0), dimension), 0)
                for ef in [1, 10, 50] {
                    let pooled = index.searchLayer(
                        s, scratch, entry: start, ef: ef, layer: 0, similarity: s.halfSimilarity, accept: AcceptAll())
                    // Every node is live, so this predicate admits all, through the heaps.
                    let heaps = index.searchLayer(
                        s, scratch, entry: start, ef: ef, layer: 0, similarity: s.halfSimilarity,
                        accept: AcceptLive(flags: s.flags))
                    #expect(pooled.map(\.node) == heaps.map(\.node), "query \(q), ef \(ef)")
                    #expect(pooled.count == min(ef, data.count))
                }
            }
        }
    }
}
