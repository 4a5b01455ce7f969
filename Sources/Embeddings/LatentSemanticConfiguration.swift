/// Parameters of the built-in latent-semantic embedder.
public struct LatentSemanticConfiguration: Codable, Sendable, Hashable {
    /// Output dimension (capped by the rank of the fitted corpus). 256 is in the 100–300 range
    /// Deerwester et al. and later LSA studies found best for retrieval.
    public var dimension: Int
    /// At most this many texts are used to fit (an even sample beyond it): the eigensolver's cost
    /// grows with the cube of this number; 3,000 fits in a few seconds on one core.
    public var maxFitTexts: Int
    /// Features seen in fewer fitted texts are dropped (they carry no co-occurrence signal).
    public var minDocumentFrequency: Int
    public var features: FeatureExtractor

    public init(
        dimension: Int = 256, maxFitTexts: Int = 3000, minDocumentFrequency: Int = 2,
        features: FeatureExtractor = .init()
    ) {
        self.dimension = dimension
        self.maxFitTexts = maxFitTexts
        self.minDocumentFrequency = minDocumentFrequency
        self.features = features
    }

    /// - Throws: `EmbeddingError` naming the bad parameter.
    public func validate() throws {
        guard (2...2048).contains(dimension) else {
            throw EmbeddingError("dimension \(dimension): use 2...2048 (256 is the default)")
        }
        guard maxFitTexts >= 2 else { throw EmbeddingError("maxFitTexts \(maxFitTexts): use at least 2") }
        guard minDocumentFrequency >= 1 else { throw EmbeddingError("minDocumentFrequency must be at least 1") }
    }
}
