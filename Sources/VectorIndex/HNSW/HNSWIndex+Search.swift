import CKernels
import Synchronization

extension HNSWIndex {
    /// The `k` nearest neighbours of `query`, nearest first.
    ///
    /// With a filter, the index estimates the share of vectors the filter admits (by sampling) and
    /// either searches the graph, returning only admitted vectors while traversing all, or scores
    /// the admitted vectors exactly, whichever costs less; recall holds at any selectivity.
    /// With a compact copy (half-precision or int8), the graph is searched on the copy and the
    /// nearest `rerankDepth(k:)` of the `ef` found are re-ranked on the float vectors.
    /// - Parameters:
    ///   - ef: candidate-list size (defaults to the configuration's `efSearch`, raised to `k`).
    ///   - filter: when given, only labels it accepts are returned.
    /// - Throws: `VectorIndexError` when the query's dimension differs from the index's.
    public func search(
        _ query: [Float], k: Int, ef: Int? = nil,
        filter: ((Int64) -> Bool)? = nil
    ) throws -> [Neighbor] {
        guard query.count == dimension else { throw VectorIndexError.dimension(expected: dimension, got: query.count) }
        guard k > 0 else { return [] }
        let ef = max(ef ?? configuration.efSearch, k)
        return reading { s in
            let scratch = scratchPool.take(slots: s.capacity)
            defer { scratchPool.give(scratch) }
            prepareQuery(query, into: scratch)
            if let filter {
                let slotCount = slotCount(s)
                if preferExact(s, slotCount: slotCount, ef: ef, filter: filter) {
                    return exact(s, scratch, k: k, slotCount: slotCount, accept: filter)
                }
                return graphSearch(
                    s, scratch, k: k, ef: ef,
                    accept: AcceptWhere(flags: s.flags, labels: s.labels, filter: filter))
            }
            if deletedCount.load(ordering: .acquiring) > 0 {
                return graphSearch(s, scratch, k: k, ef: ef, accept: AcceptLive(flags: s.flags))
            }
            return graphSearch(s, scratch, k: k, ef: ef, accept: AcceptAll())
        }
    }

    /// Exact search over the vectors whose labels `accept` admits.
    /// - Throws: `VectorIndexError` when the query's dimension differs from the index's.
    public func exactSearch(
        _ query: [Float], k: Int, where accept: (Int64) -> Bool = { _ in true }
    ) throws -> [Neighbor] {
        guard query.count == dimension else { throw VectorIndexError.dimension(expected: dimension, got: query.count) }
        guard k > 0 else { return [] }
        return reading { s in
            let scratch = scratchPool.take(slots: s.capacity)
            defer { scratchPool.give(scratch) }
            prepareQuery(query, into: scratch)
            return exact(s, scratch, k: k, slotCount: slotCount(s), accept: accept)
        }
    }

    func prepareQuery(_ query: [Float], into scratch: SearchScratch) {
        query.withUnsafeBufferPointer { scratch.query.update(from: $0.baseAddress!, count: dimension) }
        if configuration.metric == .cosine { Kernels.normalize(scratch.query, dimension) }
    }

    /// Whether scoring the admitted vectors one by one is cheaper than a filtered graph search.
    /// The graph search explores about `ef · 40 / selectivity` nodes (measured: ~40 distance
    /// computations per result slot unfiltered, on GloVe-50 and 384-d text embeddings); the exact
    /// scan costs one filter call per slot (~1/8 of a distance) and one distance per admitted vector.
    func preferExact(_ s: GraphStorage, slotCount: Int, ef: Int, filter: (Int64) -> Bool) -> Bool {
        guard slotCount > 0 else { return true }
        let step = max(1, slotCount / 1024)
        var sampled = 0
        var admitted = 0
        var slot = 0
        while slot < slotCount {
            if s.isLive(slot) {
                sampled += 1
                if filter(s.labels[slot]) { admitted += 1 }
            }
            slot += step
        }
        guard sampled > 0, admitted > 0 else { return true }
        let selectivity = Double(admitted) / Double(sampled)
        let graphCost = Double(ef) * 40 / selectivity
        let exactCost = selectivity * Double(slotCount) + Double(slotCount) / 8
        return exactCost < graphCost
    }

    func exact(
        _ s: GraphStorage, _ scratch: SearchScratch, k: Int, slotCount: Int, accept: (Int64) -> Bool
    ) -> [Neighbor] {
        var results = scratch.results
        defer { scratch.results = results }
        results.removeAll()
        let batch = scratchPool.maxLinks
        let similarity = s.floatSimilarity
        var n = 0
        func flush() {
            similarity.similarities(scratch.query, scratch.ids, n, scratch.distances)
            for j in 0..<n {
                let d = 1 - scratch.distances[j]
                if results.count < k {
                    results.push(Candidate(d, scratch.ids[j]))
                } else if d < results.top.distance {
                    results.replaceTop(Candidate(d, scratch.ids[j]))
                }
            }
            n = 0
        }
        for slot in 0..<slotCount where s.isLive(slot) && accept(s.labels[slot]) {
            scratch.ids[n] = UInt32(slot)
            n += 1
            if n == batch { flush() }
        }
        flush()
        return results.drainAscending().map { Neighbor(label: s.labels[Int($0.node)], distance: $0.distance) }
    }

    func graphSearch<P: NodePredicate>(
        _ s: GraphStorage, _ scratch: SearchScratch, k: Int, ef: Int, accept: P
    ) -> [Neighbor] {
        guard let (entrySlot, entryLevel) = Self.unpack(entry.load(ordering: .acquiring)) else { return [] }
        let exactSimilarity = s.floatSimilarity
        var current = entrySlot
        var currentDistance = 1 - gk_dot(scratch.query, s.vector(current), dimension)
        for layer in stride(from: entryLevel, to: 0, by: -1) {
            greedy(s, scratch, &current, &currentDistance, layer: layer, similarity: exactSimilarity)
        }
        let start = Candidate(currentDistance, UInt32(current))
        let found: [Candidate]
        switch s.rows {
        case .none:
            return searchLayer(
                s, scratch, entry: start, ef: ef, layer: 0, similarity: exactSimilarity, accept: accept
            ).prefix(k).map {
                Neighbor(label: s.labels[Int($0.node)], distance: $0.distance)
            }
        case .float16:
            found = searchLayer(
                s, scratch, entry: start, ef: ef, layer: 0, similarity: s.halfSimilarity, accept: accept)
        case .int8:
            found = searchLayer(
                s, scratch, entry: start, ef: ef, layer: 0, similarity: s.quantizedSimilarity, accept: accept)
        }
        // Re-rank the nearest candidates on the float vectors.
        var reranked = Array(found.prefix(Self.rerankDepth(k: k)))
        var ids = reranked.map(\.node)
        var sims = [Float](repeating: 0, count: reranked.count)
        exactSimilarity.similarities(scratch.query, &ids, ids.count, &sims)
        for i in reranked.indices { reranked[i].distance = 1 - sims[i] }
        reranked.sort { ($0.distance, $0.node) < ($1.distance, $1.node) }
        return reranked.prefix(k).map { Neighbor(label: s.labels[Int($0.node)], distance: $0.distance) }
    }

    /// How many of a compact search's nearest candidates are re-read in float to pick the `k`
    /// returned: `max(4k, k + 16)`, not all `ef`. Each is a random read of a float row (1.5 KB at
    /// 384 dimensions), and the compact distances order the candidates closely enough that the
    /// `k` nearest are among the first few: recall@10 was the same to four places at efSearch 16–256
    /// on GloVe-50 and on 100k 384-d MiniLM text embeddings, half precision and int8, and one-thread
    /// queries per second rose 9–37% at 384 dimensions (half precision, efSearch 64–256) and 3–10% on
    /// GloVe-50 (Intel Xeon, AVX-512, 2026-12-07, `grounded-lab bench vectors`, alternating runs).
    static func rerankDepth(k: Int) -> Int { max(4 * k, k + 16) }

    /// Greedy descent on one upper layer.
    func greedy<S: SimilaritySource>(
        _ s: GraphStorage, _ scratch: SearchScratch, _ current: inout Int,
        _ currentDistance: inout Float, layer: Int, similarity: S
    ) {
        var changed = true
        while changed {
            changed = false
            let links = s.links(current, layer: layer)
            let n = Int(gk_load_u32(links))
            for i in 0..<n { scratch.ids[i] = gk_load_u32(links + 1 + i) }
            similarity.similarities(scratch.query, scratch.ids, n, scratch.distances)
            for i in 0..<n where 1 - scratch.distances[i] < currentDistance {
                currentDistance = 1 - scratch.distances[i]
                current = Int(scratch.ids[i])
                changed = true
            }
        }
    }

    /// Best-first search of one layer from `entry`: the `ef` nearest accepted nodes, nearest first
    /// (equal distances by node). Every node is traversed; only accepted ones are returned.
    func searchLayer<S: SimilaritySource, P: NodePredicate>(
        _ s: GraphStorage, _ scratch: SearchScratch, entry: Candidate, ef: Int, layer: Int, similarity: S, accept: P
    ) -> [Candidate] {
        if P.acceptsEveryNode {
            return poolSearch(s, scratch, entry: entry, ef: ef, layer: layer, similarity: similarity)
        }
        var candidates = scratch.candidates
        var results = scratch.results
        defer {
            scratch.candidates = candidates
            scratch.results = results
        }
        candidates.removeAll()
        results.removeAll()
        let generation = scratch.beginVisit(slots: s.capacity, from: entry.node)
        let ids = scratch.ids
        let sims = scratch.distances
        let query = UnsafePointer(scratch.query)
        candidates.push(entry)
        if accept.accepts(entry.node) { results.push(entry) }
        while !candidates.isEmpty {
            let c = candidates.pop()
            if results.count >= ef, c.distance > results.top.distance { break }
            // The next candidate's links are likely needed next: start loading them now.
            if !candidates.isEmpty { gk_prefetch(s.links(Int(candidates.top.node), layer: layer)) }
            let m = unvisitedNeighbors(s, scratch, of: c.node, layer: layer, generation: generation)
            guard m > 0 else { continue }
            similarity.similarities(query, ids, m, sims)
            for j in 0..<m {
                let d = 1 - sims[j]
                if results.count < ef || d < results.top.distance {
                    candidates.push(Candidate(d, ids[j]))
                    if accept.accepts(ids[j]) {
                        if results.count < ef {
                            results.push(Candidate(d, ids[j]))
                        } else {
                            results.replaceTop(Candidate(d, ids[j]))
                        }
                    }
                }
            }
        }
        return results.drainAscending()
    }

    /// `searchLayer` when every node is accepted: the frontier and the results are one sorted pool.
    private func poolSearch<S: SimilaritySource>(
        _ s: GraphStorage, _ scratch: SearchScratch, entry: Candidate, ef: Int, layer: Int, similarity: S
    ) -> [Candidate] {
        var pool = scratch.pool
        defer { scratch.pool = pool }
        pool.reset(limit: ef)
        let generation = scratch.beginVisit(slots: s.capacity, from: entry.node)
        let ids = scratch.ids
        let sims = scratch.distances
        let query = UnsafePointer(scratch.query)
        pool.insert(entry)
        while let node = pool.expandNext() {
            // The next candidate's links are likely needed next: start loading them now.
            if let next = pool.peekNext() { gk_prefetch(s.links(Int(next), layer: layer)) }
            let m = unvisitedNeighbors(s, scratch, of: node, layer: layer, generation: generation)
            guard m > 0 else { continue }
            similarity.similarities(query, ids, m, sims)
            for j in 0..<m {
                let c = Candidate(1 - sims[j], ids[j])
                if pool.admits(c) { pool.insert(c) }
            }
        }
        return pool.sorted()
    }

    /// Writes the neighbours of `node` on `layer` not yet visited to `scratch.ids`, marks them
    /// visited, and returns how many there are.
    @inline(__always) private func unvisitedNeighbors(
        _ s: GraphStorage, _ scratch: SearchScratch, of node: UInt32, layer: Int, generation: UInt16
    ) -> Int {
        let tags = scratch.tags
        let ids = scratch.ids
        let links = s.links(Int(node), layer: layer)
        let n = Int(gk_load_u32(links))
        for i in 0..<n { gk_prefetch(tags + Int(gk_load_u32(links + 1 + i))) }
        // Without a branch: whether a neighbour was seen is a coin toss the predictor loses.
        var m = 0
        for i in 0..<n {
            let neighbor = gk_load_u32(links + 1 + i)
            let fresh = tags[Int(neighbor)] != generation
            tags[Int(neighbor)] = generation
            ids[m] = neighbor
            m += fresh ? 1 : 0
        }
        return m
    }
}
