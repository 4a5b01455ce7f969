/// Everything the detector read in one message: sentiment and risk signals, with evidence.
public struct MessageSignals: Sendable, Hashable, Codable {
    /// -1 (angry) … 1 (pleased).
    public let sentiment: Double
    /// The words that decided the sentiment.
    public let sentimentEvidence: [String]
    public let risks: [RiskSignal]

    public init(sentiment: Double, sentimentEvidence: [String], risks: [RiskSignal]) {
        self.sentiment = sentiment
        self.sentimentEvidence = sentimentEvidence
        self.risks = risks
    }

    /// `negative` at or below -0.3, `positive` at or above 0.3, else `neutral`.
    public var sentimentLabel: String { sentiment <= -0.3 ? "negative" : sentiment >= 0.3 ? "positive" : "neutral" }

    /// Whether a signal of this kind was raised.
    public func has(_ kind: RiskSignal.Kind) -> Bool { risks.contains { $0.kind == kind } }
}
