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
    /// Whether the graph search reads a compact copy of the vectors, half-precision or int8 codes
    /// (re-ranking the candidates on the floats). `float16` by default: on the real 100k × 384
    /// MiniLM set (`Tools/ann-bench.sh`) it keeps float32's recall@10 at every efSearch (0.9620 vs
    /// 0.9619 at 48) with 1.4–1.5× its queries per second, for 45% more memory (the floats stay,
    /// for exact distances). Indexes built before it keep what they were built with.
    public var quantization: Quantization

    /// How vectors are held for the graph search.
    public enum Quantization: String, Codable, Sendable, Hashable, CaseIterable {
        /// float32 vectors only.
        case none
        /// int8 codes beside the floats: the search touches a quarter of the bytes.
        case int8
        /// Half-precision copies beside the floats: the search touches half the bytes, and each
        /// similarity is within about 2⁻¹¹ of the exact one for unit vectors.
        case float16
    }

    public init(
        m: Int = 16, efConstruction: Int = 200, efSearch: Int = 64,
        metric: Metric = .cosine, seed: UInt64 = 0x5eed, quantization: Quantization = .float16
    ) {
        self.m = m
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.metric = metric
        self.seed = seed
        self.quantization = quantization
    }

    enum CodingKeys: String, CodingKey { case m, efConstruction, efSearch, metric, seed, quantization }

    /// Decodes a configuration; `quantization` may be absent (settings written before it existed,
    /// so float32: `none`).
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
