/// Weights and thresholds of `QualityScorer`. Validated by `validate()`.
public struct QualityScoringConfiguration: Sendable, Hashable, Codable {
    /// Weight of lexical support (share of the claim's content words in the span); the rest is
    /// the embedding similarity. Words carry most of the weight because a citation should say
    /// what the answer says, not only something near it.
    public var lexicalWeight: Double
    /// A claim scoring at or above this is supported.
    public var supportedAtLeast: Double
    /// A claim scoring at or above this (and below `supportedAtLeast`) is partly supported.
    public var partialAtLeast: Double
    /// A contradicted claim, and an answer holding one, scores at most this: one false number or
    /// polarity makes the whole answer wrong.
    public var contradictionCap: Double
    /// A mismatch of numbers or negation counts only when the claim's words otherwise match the
    /// span at least this well (otherwise the claim is simply unsupported).
    public var mismatchNeedsOverlap: Double
    /// Answers scoring below this are flagged for review.
    public var reviewBelow: Double
    /// With the question given, an answer whose relevance is below this is flagged: it may be
    /// supported yet not answer what was asked. Default 0.3, set by hand before any measurement;
    /// on the team's suite it flags 6.4% of the engine's own answers and 92.4% of answers to
    /// another question (ROC AUC 0.960, `RelevanceSeparationTests`).
    public var relevantAtLeast: Double = 0.3

    public init(
        lexicalWeight: Double = 0.65, supportedAtLeast: Double = 0.6, partialAtLeast: Double = 0.35,
        contradictionCap: Double = 0.15, mismatchNeedsOverlap: Double = 0.5, reviewBelow: Double = 0.6
    ) {
        self.lexicalWeight = lexicalWeight
        self.supportedAtLeast = supportedAtLeast
        self.partialAtLeast = partialAtLeast
        self.contradictionCap = contradictionCap
        self.mismatchNeedsOverlap = mismatchNeedsOverlap
        self.reviewBelow = reviewBelow
    }

    /// - Throws: `QualityScoringError` naming the setting out of range.
    public func validate() throws {
        for (name, value) in [
            ("lexicalWeight", lexicalWeight), ("supportedAtLeast", supportedAtLeast),
            ("partialAtLeast", partialAtLeast),
            ("contradictionCap", contradictionCap), ("mismatchNeedsOverlap", mismatchNeedsOverlap),
            ("reviewBelow", reviewBelow), ("relevantAtLeast", relevantAtLeast),
        ] where !(0...1).contains(value) {
            throw QualityScoringError("\(name) must be within 0...1, not \(value)")
        }
        if partialAtLeast > supportedAtLeast {
            throw QualityScoringError(
                "partialAtLeast (\(partialAtLeast)) must not exceed supportedAtLeast (\(supportedAtLeast))")
        }
    }
}

/// A scoring request that cannot be served: what is wrong and what to do.
public struct QualityScoringError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
