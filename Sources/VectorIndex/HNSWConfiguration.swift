/// Parameters of an HNSW graph (Malkov & Yashunin, 2018).
public struct HNSWConfiguration: Codable, Sendable, Hashable {
    /// Links per node on the upper layers; layer 0 keeps up to `2 * m`. 16 is hnswlib's default and
    /// the usual balance of memory and recall for 50–400 dimensions.
    public var m: Int
    /// Candidate-list size while building. 200 is hnswlib's default.
    public var efConstruction: Int
    /// Candidate-list size while searching (raised to `k` when smaller). 64 keeps recall@10 above
    /// 0.95 on GloVe-50 angular, the hardest of the standard sets (measured by the recall test).
    public var efSearch: Int
    public var metric: Metric
    /// Seed of the level generator: the same inputs in the same order give the same graph.
    public var seed: UInt64

    public init(m: Int = 16, efConstruction: Int = 200, efSearch: Int = 64,
                metric: Metric = .cosine, seed: UInt64 = 0x5eed) {
        self.m = m
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.metric = metric
        self.seed = seed
    }

    /// Checks the parameters.
    /// - Throws: `VectorIndexError` naming the bad parameter and its allowed range.
    public func validate() throws {
        guard (2...128).contains(m) else { throw VectorIndexError("m = \(m): use 2...128 (16 is typical)") }
        guard efConstruction >= m, efConstruction <= 4096 else {
            throw VectorIndexError("efConstruction = \(efConstruction): use m...4096 (200 is typical)")
        }
        guard (1...4096).contains(efSearch) else {
            throw VectorIndexError("efSearch = \(efSearch): use 1...4096 (64 is the default)")
        }
    }
}
