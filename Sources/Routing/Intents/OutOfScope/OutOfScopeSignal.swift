/// One of the signals the out-of-scope decision weighs; the route record names the one that
/// decided.
public enum OutOfScopeSignal: String, Sendable, Hashable, Codable, CaseIterable {
    /// The calibrated probability of the best in-scope intent is low.
    case confidence
    /// The explicit out-of-scope class (taught by `out_of_scope` examples) is probable.
    case outOfScopeClass
    /// The best two classes are close.
    case margin
    /// The nearest training example is far, in the sentence-embedding space.
    case nearestExample
    /// The five nearest training examples are far on average.
    case nearestExamples
    /// An out-of-scope training example is near.
    case nearestOutOfScopeExample
    /// The message is far from the centre of its best intent's examples.
    case intentCentroid

    /// The signal in words, for reasons and reports.
    public var phrase: String {
        switch self {
        case .confidence: "low confidence in the best intent"
        case .outOfScopeClass: "the out-of-scope class"
        case .margin: "two classes close"
        case .nearestExample: "no training example near"
        case .nearestExamples: "few training examples near"
        case .nearestOutOfScopeExample: "an out-of-scope example near"
        case .intentCentroid: "far from the best intent's examples"
        }
    }
}
