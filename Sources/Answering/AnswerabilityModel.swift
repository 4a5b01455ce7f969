import Foundation
import Retrieval

/// The probability that the answer the composer would give is useful, from the features of the
/// sentence it would lead with: logistic, `σ(bias + weights · features)`.
///
/// When `AnswerConfiguration.answerabilityModel` is set, it decides declines in place of the
/// coverage and score thresholds: below `AnswerConfiguration.declineProbabilityBelow`, the
/// engine declines. Fitted by `grounded-lab eval` (cross-validated; see Docs/evaluation.md).
public struct AnswerabilityModel: Sendable, Hashable, Codable {
    public var bias: Double
    public var weights: [Double]

    /// - Throws: `RetrievalError` when the weights do not match `SentenceFeatures.names`.
    public init(bias: Double, weights: [Double]) throws {
        guard weights.count == SentenceFeatures.names.count, (weights + [bias]).allSatisfy(\.isFinite) else {
            throw RetrievalError(
                """
                an answerability model needs a finite bias and \(SentenceFeatures.names.count) finite weights \
                (\(SentenceFeatures.names.joined(separator: ", ")))
                """
            )
        }
        self.bias = bias
        self.weights = weights
    }

    /// 0...1.
    public func probability(_ f: SentenceFeatures) -> Double {
        1 / (1 + exp(-(bias + zip(weights, f.values).reduce(0) { $0 + $1.0 * $1.1 })))
    }
}
