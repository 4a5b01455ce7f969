import Foundation
import Synchronization

/// A hierarchical navigable small-world graph for approximate nearest-neighbour search.
///
/// Vectors live in one contiguous buffer, layer-0 links in another (fixed stride), so the search
/// loop touches no Swift arrays and allocates nothing in steady state.
///
/// Thread safety: `search` may run from any number of threads at once when no `add` is running;
/// `add` needs exclusive access (the knowledge store builds an index, then only reads it).
public final class HNSWIndex: @unchecked Sendable {
    public let dimension: Int
    public let configuration: HNSWConfiguration
    public internal(set) var count = 0

    let maxM: Int
    let maxM0: Int
    var capacity: Int
    var vectors: UnsafeMutablePointer<Float>
    /// Layer 0: for node i, `level0[i * (maxM0 + 1)]` is its link count, then the links.
    var level0: UnsafeMutablePointer<UInt32>
    /// Layers 1...level of node i, each `maxM + 1` slots (count, links); nil for level-0 nodes.
    var upper: [UnsafeMutablePointer<UInt32>?] = []
    var levels: [Int32] = []
    public internal(set) var labels: [Int64] = []
    var entryPoint: Int = -1
    var maxLevel: Int = -1
    var rng: SplitMix64
    let visitedPool = VisitedPool()

    /// Creates an empty index.
    /// - Throws: `VectorIndexError` when the dimension or configuration is invalid.
    public init(dimension: Int, configuration: HNSWConfiguration = .init(), capacity: Int = 1024) throws {
        guard dimension > 0 else { throw VectorIndexError("dimension must be positive, got \(dimension)") }
        try configuration.validate()
        self.dimension = dimension
        self.configuration = configuration
        self.maxM = configuration.m
        self.maxM0 = configuration.m * 2
        self.capacity = max(capacity, 16)
        self.vectors = .allocate(capacity: self.capacity * dimension)
        self.level0 = .allocate(capacity: self.capacity * (maxM0 + 1))
        self.rng = SplitMix64(seed: configuration.seed)
    }

    deinit {
        vectors.deallocate()
        level0.deallocate()
        for p in upper { p?.deallocate() }
    }

    // MARK: adding

    /// Adds a vector under the caller's `label` (labels need not be unique, but usually are).
    /// - Throws: `VectorIndexError` when the vector's dimension differs from the index's.
    public func add(_ vector: [Float], label: Int64) throws {
        guard vector.count == dimension else { throw VectorIndexError.dimension(expected: dimension, got: vector.count) }
        vector.withUnsafeBufferPointer { insert($0.baseAddress!, label: label) }
    }

    func grow() {
        let newCapacity = capacity * 2
        let v = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity * dimension)
        v.moveInitialize(from: vectors, count: count * dimension)
        vectors.deallocate()
        vectors = v
        let l = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity * (maxM0 + 1))
        l.moveInitialize(from: level0, count: count * (maxM0 + 1))
        level0.deallocate()
        level0 = l
        capacity = newCapacity
    }

    func randomLevel() -> Int {
        let mL = 1 / log(Double(maxM))
        let u = max(rng.nextUnitDouble(), 1e-12)
        return min(Int(-log(u) * mL), 30)
    }

    private func insert(_ source: UnsafePointer<Float>, label: Int64) {
        if count == capacity { grow() }
        let node = count
        let v = vector(node)
        v.update(from: source, count: dimension)
        if configuration.metric == .cosine { Kernels.normalize(v, dimension) }
        let level = randomLevel()
        level0[node * (maxM0 + 1)] = 0
        levels.append(Int32(level))
        labels.append(label)
        if level > 0 {
            let p = UnsafeMutablePointer<UInt32>.allocate(capacity: level * (maxM + 1))
            p.initialize(repeating: 0, count: level * (maxM + 1))
            upper.append(p)
        } else {
            upper.append(nil)
        }
        count += 1

        guard entryPoint >= 0 else {
            entryPoint = node
            maxLevel = level
            return
        }
        var current = entryPoint
        var currentDistance = distance(v, current)
        if level < maxLevel {
            for layer in stride(from: maxLevel, to: level, by: -1) {
                greedy(v, &current, &currentDistance, layer: layer)
            }
        }
        let visited = visitedPool.take(capacity: count)
        defer { visitedPool.give(visited) }
        for layer in stride(from: min(level, maxLevel), through: 0, by: -1) {
            let found = searchLayer(v, entry: Candidate(currentDistance, UInt32(current)),
                                    ef: configuration.efConstruction, layer: layer, visited: visited,
                                    filter: nil).sortedAscending()
            let chosen = selectNeighbors(found, max: maxM)
            setLinks(node, layer: layer, chosen.map(\.node))
            for c in chosen { connect(Int(c.node), to: node, distance: c.distance, layer: layer) }
            current = Int(found[0].node)
            currentDistance = found[0].distance
        }
        if level > maxLevel {
            entryPoint = node
            maxLevel = level
        }
    }

    /// The paper's neighbour-selection heuristic: keep a candidate only when it is nearer to the
    /// base than to every neighbour already kept, so links spread in all directions.
    func selectNeighbors(_ sorted: [Candidate], max m: Int) -> [Candidate] {
        guard sorted.count > m else { return sorted }
        var kept: [Candidate] = []
        kept.reserveCapacity(m)
        for c in sorted {
            let cv = vector(Int(c.node))
            var good = true
            for k in kept where distance(cv, Int(k.node)) < c.distance {
                good = false
                break
            }
            if good {
                kept.append(c)
                if kept.count == m { break }
            }
        }
        return kept
    }

    /// Adds a back link from `node` to `newNeighbor`, pruning by the heuristic when full.
    private func connect(_ node: Int, to newNeighbor: Int, distance d: Float, layer: Int) {
        let links = linkList(node, layer: layer)
        let limit = layer == 0 ? maxM0 : maxM
        let n = Int(links[0])
        if n < limit {
            links[1 + n] = UInt32(newNeighbor)
            links[0] = UInt32(n + 1)
            return
        }
        let base = vector(node)
        var candidates = [Candidate(d, UInt32(newNeighbor))]
        for i in 0..<n { candidates.append(Candidate(distance(base, Int(links[1 + i])), links[1 + i])) }
        candidates.sort { $0.distance < $1.distance }
        let kept = selectNeighbors(candidates, max: limit)
        setLinks(node, layer: layer, kept.map(\.node))
    }

    func setLinks(_ node: Int, layer: Int, _ neighbors: [UInt32]) {
        let links = linkList(node, layer: layer)
        links[0] = UInt32(neighbors.count)
        for (i, n) in neighbors.enumerated() { links[1 + i] = n }
    }

    // MARK: searching

    /// The `k` nearest neighbours of `query`, nearest first.
    /// - Parameters:
    ///   - ef: candidate-list size (defaults to the configuration's `efSearch`, raised to `k`).
    ///   - filter: when given, only labels it accepts are returned; the graph is still traversed
    ///     through rejected nodes so that recall holds.
    /// - Throws: `VectorIndexError` when the query's dimension differs from the index's.
    public func search(_ query: [Float], k: Int, ef: Int? = nil,
                       filter: ((Int64) -> Bool)? = nil) throws -> [Neighbor] {
        guard query.count == dimension else { throw VectorIndexError.dimension(expected: dimension, got: query.count) }
        guard count > 0, k > 0 else { return [] }
        var q = query
        if configuration.metric == .cosine { q = Kernels.normalized(q) }
        return q.withUnsafeBufferPointer { search($0.baseAddress!, k: k, ef: max(ef ?? configuration.efSearch, k), filter: filter) }
    }

    private func search(_ q: UnsafePointer<Float>, k: Int, ef: Int, filter: ((Int64) -> Bool)?) -> [Neighbor] {
        var current = entryPoint
        var currentDistance = distance(q, current)
        for layer in stride(from: maxLevel, to: 0, by: -1) {
            greedy(q, &current, &currentDistance, layer: layer)
        }
        let visited = visitedPool.take(capacity: count)
        defer { visitedPool.give(visited) }
        let found = searchLayer(q, entry: Candidate(currentDistance, UInt32(current)), ef: ef,
                                layer: 0, visited: visited, filter: filter).sortedAscending()
        return found.prefix(k).map { Neighbor(label: labels[Int($0.node)], distance: $0.distance) }
    }

    /// Greedy descent on one upper layer.
    private func greedy(_ q: UnsafePointer<Float>, _ current: inout Int, _ currentDistance: inout Float, layer: Int) {
        var changed = true
        while changed {
            changed = false
            let links = linkList(current, layer: layer)
            for i in 0..<Int(links[0]) {
                let n = Int(links[1 + i])
                let d = distance(q, n)
                if d < currentDistance {
                    currentDistance = d
                    current = n
                    changed = true
                }
            }
        }
    }

    /// Best-first search of one layer, keeping the `ef` nearest accepted nodes.
    func searchLayer(_ q: UnsafePointer<Float>, entry: Candidate, ef: Int, layer: Int,
                     visited: VisitedSet, filter: ((Int64) -> Bool)?) -> CandidateHeap {
        var candidates = CandidateHeap(max: false, capacity: ef * 2)
        var results = CandidateHeap(max: true, capacity: ef + 1)
        _ = visited.insert(entry.node)
        candidates.push(entry)
        if filter?(labels[Int(entry.node)]) ?? true { results.push(entry) }
        while !candidates.isEmpty {
            let c = candidates.pop()
            if results.count >= ef, c.distance > results.top.distance { break }
            let links = linkList(Int(c.node), layer: layer)
            let n = Int(links[0])
            for i in 0..<n {
                let neighbor = links[1 + i]
                guard visited.insert(neighbor) else { continue }
                let d = distance(q, Int(neighbor))
                if results.count < ef || d < results.top.distance {
                    candidates.push(Candidate(d, neighbor))
                    if filter?(labels[Int(neighbor)]) ?? true {
                        results.push(Candidate(d, neighbor))
                        if results.count > ef { results.pop() }
                    }
                }
            }
        }
        return results
    }

    // MARK: storage access

    @inline(__always) func vector(_ node: Int) -> UnsafeMutablePointer<Float> { vectors + node * dimension }

    @inline(__always) func distance(_ q: UnsafePointer<Float>, _ node: Int) -> Float {
        1 - Kernels.dot(q, vectors + node * dimension, dimension)
    }

    @inline(__always) func linkList(_ node: Int, layer: Int) -> UnsafeMutablePointer<UInt32> {
        layer == 0 ? level0 + node * (maxM0 + 1) : upper[node]! + (layer - 1) * (maxM + 1)
    }

    /// The stored (for cosine: normalised) vector of the node at insertion position `position`.
    public func storedVector(at position: Int) -> [Float] {
        precondition(position >= 0 && position < count)
        return Array(UnsafeBufferPointer(start: vector(position), count: dimension))
    }
}

/// SplitMix64: a small, fast, seedable generator (Steele et al., 2014).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    mutating func nextUnitDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

extension HNSWIndex {
    /// Exact search over the nodes whose labels `accept` admits: cheaper than the graph when few
    /// nodes are admitted, and exact.
    /// - Throws: `VectorIndexError` when the query's dimension differs from the index's.
    public func exactSearch(_ query: [Float], k: Int, where accept: (Int64) -> Bool) throws -> [Neighbor] {
        guard query.count == dimension else { throw VectorIndexError.dimension(expected: dimension, got: query.count) }
        let q = configuration.metric == .cosine ? Kernels.normalized(query) : query
        var heap = CandidateHeap(max: true, capacity: k + 1)
        q.withUnsafeBufferPointer { qp in
            for node in 0..<count where accept(labels[node]) {
                let d = distance(qp.baseAddress!, node)
                if heap.count < k { heap.push(Candidate(d, UInt32(node))) } else if d < heap.top.distance {
                    heap.pop(); heap.push(Candidate(d, UInt32(node)))
                }
            }
        }
        return heap.sortedAscending().map { Neighbor(label: labels[Int($0.node)], distance: $0.distance) }
    }
}
