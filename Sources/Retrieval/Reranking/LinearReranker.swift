/// A linear reranker over `RerankFeatures`: score = bias + Σ weight·feature.
public struct LinearReranker: Sendable, Hashable, Codable {
    public var bias: Double
    /// One weight per `RerankFeatures.names` entry.
    public var weights: [Double]

    /// - Throws: `RetrievalError` when the weights do not match the features.
    public init(bias: Double, weights: [Double]) throws {
        guard weights.count == RerankFeatures.names.count, weights.allSatisfy(\.isFinite), bias.isFinite else {
            throw RetrievalError(
                """
                a reranker needs \(RerankFeatures.names.count) finite weights \
                (\(RerankFeatures.names.joined(separator: ", ")))
                """
            )
        }
        self.bias = bias
        self.weights = weights
    }

    public func score(_ f: RerankFeatures) -> Double {
        zip(weights, f.values).reduce(bias) { $0 + $1.0 * $1.1 }
    }
}
