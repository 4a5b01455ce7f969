import Retrieval

/// A linear scorer that picks the answer sentence among the candidates (fitted by
/// `grounded-lab eval`; see Docs/evaluation.md). Declines are still decided by the heuristic score.
public struct SentenceModel: Sendable, Hashable, Codable {
    public var weights: [Double]

    /// - Throws: `RetrievalError` when the weights do not match `SentenceFeatures.names`.
    public init(weights: [Double]) throws {
        guard weights.count == SentenceFeatures.names.count, weights.allSatisfy(\.isFinite) else {
            throw RetrievalError(
                """
                a sentence model needs \(SentenceFeatures.names.count) finite weights \
                (\(SentenceFeatures.names.joined(separator: ", ")))
                """
            )
        }
        self.weights = weights
    }

    public func score(_ f: SentenceFeatures) -> Double { zip(weights, f.values).reduce(0) { $0 + $1.0 * $1.1 } }
}
