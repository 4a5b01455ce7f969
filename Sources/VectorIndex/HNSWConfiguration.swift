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
    /// Whether the graph search reads int8 codes (re-ranking the candidates on the floats).
    public var quantization: Quantization

    /// How vectors are held for the graph search.
    public enum Quantization: String, Codable, Sendable, Hashable, CaseIterable {
        /// float32 vectors only.
        case none
        /// int8 codes beside the floats: the search touches a quarter of the bytes.
        case int8
    }

    public init(
        m: Int = 16, efConstruction: Int = 200, efSearch: Int = 64,
        metric: Metric = .cosine, seed: UInt64 = 0x5eed, quantization: Quantization = .none
    ) {
        self.m = m
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.metric = metric
        self.seed = seed
        self.quantization = quantization
    }

    enum CodingKeys: String, CodingKey { case m, efConstruction, efSearch, metric, seed, quantization }

    /// Decodes a configuration; `quantization` may be absent (settings written before it existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        m = try c.decode(Int.self, forKey: .m)
        efConstruction = try c.decode(Int.self, forKey: .efConstruction)
        efSearch = try c.decode(Int.self, forKey: .efSearch)
        metric = try c.decode(Metric.self, forKey: .metric)
        seed = try c.decode(UInt64.self, forKey: .seed)
        quantization = try c.decodeIfPresent(Quantization.self, forKey: .quantization) ?? .none
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
