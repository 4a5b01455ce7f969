import CBLAS

/// Exact nearest-neighbour search by scoring every vector: BLAS `sgemm` for a batch of queries.
///
/// The exact twin that HNSW is checked against, and the fallback for heavily filtered searches.
/// Thread safety: immutable after `init`; any number of concurrent searches.
public struct BruteForceIndex: Sendable {
    public let dimension: Int
    public let metric: Metric
    public let labels: [Int64]
    /// Row-major `labels.count × dimension` (normalised for cosine).
    public let matrix: [Float]

    /// - Throws: `VectorIndexError` when a vector's dimension differs from `dimension`.
    public init(dimension: Int, metric: Metric = .cosine, vectors: [[Float]], labels: [Int64]? = nil) throws {
        precondition(labels == nil || labels!.count == vectors.count)
        self.dimension = dimension
        self.metric = metric
        self.labels = labels ?? (0..<Int64(vectors.count)).map { $0 }
        var m = [Float]()
        m.reserveCapacity(vectors.count * dimension)
        for v in vectors {
            guard v.count == dimension else { throw VectorIndexError.dimension(expected: dimension, got: v.count) }
            m.append(contentsOf: metric == .cosine ? Kernels.normalized(v) : v)
        }
        self.matrix = m
    }

    /// Builds from a row-major matrix already in memory.
    public init(dimension: Int, metric: Metric = .cosine, flat: [Float], labels: [Int64]? = nil) {
        let n = flat.count / dimension
        precondition(flat.count == n * dimension)
        self.dimension = dimension
        self.metric = metric
        self.labels = labels ?? (0..<Int64(n)).map { $0 }
        if metric == .cosine {
            var m = flat
            m.withUnsafeMutableBufferPointer { p in
                for i in 0..<n { Kernels.normalize(p.baseAddress! + i * dimension, dimension) }
            }
            self.matrix = m
        } else {
            self.matrix = flat
        }
    }

    public var count: Int { labels.count }

    /// The exact `k` nearest neighbours of each query, nearest first.
    /// - Parameter filter: when given, only labels it accepts are returned.
    /// - Throws: `VectorIndexError` when a query's dimension differs from the index's.
    public func search(_ queries: [[Float]], k: Int, filter: ((Int64) -> Bool)? = nil) throws -> [[Neighbor]] {
        guard count > 0, k > 0, !queries.isEmpty else { return queries.map { _ in [] } }
        var q = [Float]()
        q.reserveCapacity(queries.count * dimension)
        for v in queries {
            guard v.count == dimension else { throw VectorIndexError.dimension(expected: dimension, got: v.count) }
            q.append(contentsOf: metric == .cosine ? Kernels.normalized(v) : v)
        }
        let allowed = filter.map { f in labels.map(f) }
        var results: [[Neighbor]] = []
        results.reserveCapacity(queries.count)
        // Score in blocks of queries so the score matrix stays small.
        let block = max(1, min(queries.count, (1 << 22) / max(count, 1)))
        var scores = [Float](repeating: 0, count: block * count)
        var start = 0
        while start < queries.count {
            let rows = min(block, queries.count - start)
            q.withUnsafeBufferPointer { qp in
                matrix.withUnsafeBufferPointer { mp in
                    scores.withUnsafeMutableBufferPointer { sp in
                        cblas_sgemm(
                            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(count), Int32(dimension),
                            1, qp.baseAddress! + start * dimension, Int32(dimension),
                            mp.baseAddress!, Int32(dimension), 0, sp.baseAddress!, Int32(count))
                    }
                }
            }
            for r in 0..<rows {
                var heap = CandidateHeap(max: false, capacity: k + 1)  // min-heap of similarity = worst on top
                let base = r * count
                for j in 0..<count {
                    if let allowed, !allowed[j] { continue }
                    let s = scores[base + j]
                    if heap.count < k {
                        heap.push(Candidate(s, UInt32(j)))
                    } else if s > heap.top.distance {
                        heap.pop()
                        heap.push(Candidate(s, UInt32(j)))
                    }
                }
                let top = heap.items.sorted { ($0.distance, $1.node) > ($1.distance, $0.node) }
                results.append(top.map { Neighbor(label: labels[Int($0.node)], distance: 1 - $0.distance) })
            }
            start += rows
        }
        return results
    }
}
