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
    /// The threshold the confidence was held against.
    public let threshold: Float
    /// The three most probable classes, best first.
    public let candidates: [Candidate]
    /// Why the decision fell as it did, in words.
    public let reason: String

    public var isOutOfScope: Bool { intent == nil }
}
