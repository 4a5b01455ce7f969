/// A nearest-neighbour index one can query: the graph (`HNSWIndex`) and its exact twin
/// (`BruteForceIndex`) both answer through it, so a caller or a test can swap one for the other.
public protocol VectorSearching: Sendable {
    /// The dimension of the vectors.
    var dimension: Int { get }
    /// Searchable vectors.
    var count: Int { get }
    /// The `k` nearest neighbours of `query`, nearest first, among labels `filter` accepts.
    /// - Parameter ef: the candidate-list size of an approximate index (ignored by exact ones).
    /// - Throws: `VectorIndexError` when the query's dimension differs from the index's.
    func search(_ query: [Float], k: Int, ef: Int?, filter: ((Int64) -> Bool)?) throws -> [Neighbor]
}

extension HNSWIndex: VectorSearching {}

extension BruteForceIndex: VectorSearching {
    /// Exact search for one query (`ef` is ignored).
    public func search(_ query: [Float], k: Int, ef: Int? = nil, filter: ((Int64) -> Bool)? = nil) throws -> [Neighbor]
    {
        try search([query], k: k, filter: filter)[0]
    }
}
