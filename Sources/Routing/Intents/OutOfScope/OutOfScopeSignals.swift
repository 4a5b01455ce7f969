import Foundation

/// What one message looks like to the out-of-scope decision: the classifier's calibrated view of
/// it, and where its sentence embedding falls among the training examples.
///
/// Thread safety: a value.
public struct OutOfScopeSignals: Sendable, Hashable, Codable {
    /// Calibrated probability of the best in-scope intent.
    public var confidence: Float
    /// Calibrated probability of the explicit out-of-scope class (0 when none was taught).
    public var outOfScopeProbability: Float
    /// Log-probability gap between the two most probable classes.
    public var margin: Float
    /// Cosine similarity of the message to its nearest in-scope training example (nil without an
    /// embedder).
    public var nearestExample: Float?
    /// Mean cosine similarity to its five nearest in-scope training examples.
    public var nearestExamples: Float?
    /// Cosine similarity to its nearest out-of-scope training example (nil when none was taught).
    public var nearestOutOfScopeExample: Float?
    /// Cosine similarity to the mean embedding of the best intent's examples.
    public var intentCentroid: Float?

    public init(
        confidence: Float, outOfScopeProbability: Float, margin: Float, nearestExample: Float? = nil,
        nearestExamples: Float? = nil, nearestOutOfScopeExample: Float? = nil, intentCentroid: Float? = nil
    ) {
        self.confidence = confidence
        self.outOfScopeProbability = outOfScopeProbability
        self.margin = margin
        self.nearestExample = nearestExample
        self.nearestExamples = nearestExamples
        self.nearestOutOfScopeExample = nearestOutOfScopeExample
        self.intentCentroid = intentCentroid
    }

    /// The signals present, each as the number the combiner reads, oriented so that larger means
    /// more like an in-scope message except for the two out-of-scope signals. Probabilities enter as
    /// logarithms, which spreads the range near 1 where in-scope messages crowd.
    func features(_ kinds: [OutOfScopeSignal]) -> [Float] {
        kinds.map { kind in
            switch kind {
            case .confidence: Self.log(confidence)
            case .outOfScopeClass: Self.log(outOfScopeProbability)
            case .margin: margin
            case .nearestExample: nearestExample ?? 0
            case .nearestExamples: nearestExamples ?? 0
            case .nearestOutOfScopeExample: nearestOutOfScopeExample ?? 0
            case .intentCentroid: intentCentroid ?? 0
            }
        }
    }

    /// The signals these values carry, in a fixed order.
    var available: [OutOfScopeSignal] {
        var kinds: [OutOfScopeSignal] = [.confidence, .outOfScopeClass, .margin]
        if nearestExample != nil { kinds += [.nearestExample, .nearestExamples] }
        if nearestOutOfScopeExample != nil { kinds.append(.nearestOutOfScopeExample) }
        if intentCentroid != nil { kinds.append(.intentCentroid) }
        return kinds
    }

    private static func log(_ p: Float) -> Float { Foundation.log(max(p, 1e-6)) }
}
