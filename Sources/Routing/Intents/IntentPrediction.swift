/// What the classifier decided for one message, and why.
public struct IntentPrediction: Sendable, Hashable, Codable {
    /// One candidate intent with its calibrated probability.
    public struct Candidate: Sendable, Hashable, Codable {
        public let intent: String
        public let probability: Float
    }

    /// The intent, or nil when the message is out of scope.
    public let intent: String?
    /// The most probable intent other than the out-of-scope class, even when out of scope.
    public let bestInScope: String
    /// The calibrated probability of the top class (the out-of-scope class included).
    public let confidence: Float
    /// The threshold the decision was held against: the out-of-scope score's when the classifier
    /// has an `OutOfScopeModel`, else the confidence's.
    public let threshold: Float
    /// The three most probable classes, best first.
    public let candidates: [Candidate]
    /// Why the decision fell as it did, in words.
    public let reason: String
    /// The out-of-scope score (log-odds; above `threshold` is out of scope), when the classifier has
    /// an `OutOfScopeModel`.
    public let outOfScopeScore: Float?
    /// The signals the out-of-scope decision weighed.
    public let signals: OutOfScopeSignals?
    /// The signal that decided "out of scope"; nil for a message in scope.
    public let decidedBy: OutOfScopeSignal?

    public init(
        intent: String?, bestInScope: String, confidence: Float, threshold: Float, candidates: [Candidate],
        reason: String, outOfScopeScore: Float? = nil, signals: OutOfScopeSignals? = nil,
        decidedBy: OutOfScopeSignal? = nil
    ) {
        self.intent = intent
        self.bestInScope = bestInScope
        self.confidence = confidence
        self.threshold = threshold
        self.candidates = candidates
        self.reason = reason
        self.outOfScopeScore = outOfScopeScore
        self.signals = signals
        self.decidedBy = decidedBy
    }

    public var isOutOfScope: Bool { intent == nil }
}
