import CKernels
import GroundedCore
import GroundedTesting
import Testing

@testable import VectorIndex

@Suite("HNSW link selection and result order")
struct HNSWLinkSelectionTests {
    @Test("the result list drains nearest first, equal distances in node order")
    func drainOrder() {
        var rng = SplitMix64(seed: 3)
        var heap = RawHeap<FarthestFirst>(capacity: 4)
        defer { heap.deallocate() }
        var pushed: [Candidate] = []
        for node in 0..<300 {
            // Few distinct distances, so many ties.
            let c = Candidate(Float(rng.next() % 17) / 16, UInt32(node))
            heap.push(c)
            pushed.append(c)
        }
        let drained = heap.drainAscending()
        let expected = pushed.sorted { ($0.distance, $0.node) < ($1.distance, $1.node) }
        #expect(drained.map(\.node) == expected.map(\.node))
        #expect(heap.isEmpty)
        #expect(heap.drainAscending().isEmpty)
    }

    @Test("the batched selection heuristic chooses what its one-pair-at-a-time twin chooses")
    func selectionTwin() throws {
        let dimension = 48
        let data = SeededVectors.clustered(count: 1500, dimension: dimension, clusters: 12, seed: 5)
        let index = try HNSWIndex(dimension: dimension, configuration: .init(quantization: .none), capacity: data.count)
        try index.add(contentsOf: data, threads: 1)
        let brute = try BruteForceIndex(dimension: dimension, vectors: data)
        try index.reading { s in
            var longest = 0
            for base in stride(from: 0, to: data.count, by: 97) {
                let near = try brute.search(s.vectorArray(base, dimension), k: 120).dropFirst()
                let sorted = near.map { Candidate($0.distance, UInt32($0.label)) }
                for m in [4, 16, 24] {
                    let batched = index.selectNeighbors(s, sorted, max: m, similarity: s.floatSimilarity)
                    let twin = Self.oneAtATime(s, sorted, max: m, dimension: dimension)
                    #expect(batched.map(\.node) == twin.map(\.node), "base \(base), m \(m)")
                    longest = max(longest, batched.count)
                }
            }
            // The heuristic prunes, yet on clustered data some node keeps more than 16 links.
            #expect(longest > 16)
        }
    }

    @Test("a new node chooses up to 1.5m links on layer 0 and m above; no list holds more than it may")
    func chosenLinks() throws {
        let dimension = 256
        // Independent Gaussian directions: the heuristic prunes almost nothing in 256 dimensions.
        var rng = SplitMix64(seed: 9)
        let data = (0..<1200).map { _ in (0..<dimension).map { _ in Float(rng.nextUnitDouble() - 0.5) } }
        let m = 16
        let index = try HNSWIndex(dimension: dimension, configuration: .init(m: m), capacity: data.count)
        try index.add(contentsOf: data, threads: 1)
        #expect(index.chosenLinks(layer: 0) == m + m / 2 && index.chosenLinks(layer: 1) == m)
        index.reading { s in
            let last = data.count - 1
            // Nothing was inserted after the last node, so its list is the one it chose.
            #expect(s.linkList(last, layer: 0).count == index.chosenLinks(layer: 0))
            for slot in 0..<data.count {
                #expect(s.linkList(slot, layer: 0).count <= 2 * m)
                for layer in stride(from: Int(s.levels[slot]), to: 0, by: -1) {
                    #expect(s.linkList(slot, layer: layer).count <= m)
                }
            }
        }
    }

    @Test(
        "each storage gives a node's scored row as floats: the floats, the halves widened, the codes decoded",
        arguments: [HNSWConfiguration.Quantization.none, .float16, .int8])
    func floatRows(rows: HNSWConfiguration.Quantization) throws {
        let dimension = 40
        let data = SeededVectors.lowRank(count: 200, dimension: dimension, seed: 12)
        let index = try HNSWIndex(
            dimension: dimension, configuration: .init(quantization: rows), capacity: data.count)
        try index.add(contentsOf: data, threads: 1)
        index.reading { s in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: dimension)
            defer { buffer.deallocate() }
            for slot in [0, 77, 199] {
                let row: UnsafePointer<Float>
                let tolerance: Float
                switch rows {
                case .none:
                    row = s.floatSimilarity.floatRow(UInt32(slot), buffer: buffer)
                    tolerance = 0
                case .float16:
                    row = s.halfSimilarity.floatRow(UInt32(slot), buffer: buffer)
                    tolerance = 1.0 / 2048
                case .int8:
                    row = s.quantizedSimilarity.floatRow(UInt32(slot), buffer: buffer)
                    tolerance = 1.0 / 254 + 1e-6
                }
                let exact = s.vector(slot)
                // Unit vectors: every component is at most 1, so these bounds are absolute.
                #expect((0..<dimension).allSatisfy { abs(row[$0] - exact[$0]) <= tolerance }, "slot \(slot)")
            }
        }
    }

    /// The paper's heuristic as written: each candidate against each kept link, one pair at a time.
    static func oneAtATime(_ s: GraphStorage, _ sorted: [Candidate], max m: Int, dimension: Int) -> [Candidate] {
        guard sorted.count > m else { return sorted }
        var kept: [Candidate] = []
        for c in sorted {
            let diverse = kept.allSatisfy {
                1 - gk_dot(s.vector(Int(c.node)), s.vector(Int($0.node)), dimension) >= c.distance
            }
            if diverse { kept.append(c) }
            if kept.count == m { break }
        }
        return kept
    }
}

extension GraphStorage {
    fileprivate func vectorArray(_ slot: Int, _ dimension: Int) -> [Float] {
        Array(UnsafeBufferPointer(start: vector(slot), count: dimension))
    }
}
