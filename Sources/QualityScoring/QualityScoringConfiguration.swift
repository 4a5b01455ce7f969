import Knowledge

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
    /// supported yet not answer what was asked (relevance is relative to the knowledge base's best
    /// passages for the question, `QualityScorer.relevance(of:to:)`). Nil: the bar chosen for the
    /// knowledge base's embedder (`relevanceBar(for:)`).
    public var relevantAtLeast: Double? = nil

    /// The relevance bar for answers scored with `embedder`'s similarity (nil: on words alone).
    /// Each is the equal error rate on doc2dial's dialogues of part 0 of 5 — as many gold answers
    /// flagged as other questions' answers let through — chosen by
    /// `grounded-lab eval qa --choose-relevance-bar [--embedder minilm | --no-embeddings]`;
    /// `eval qa` reports on the other parts. Built-in 0.12 (14.0% either way), MiniLM 0.20
    /// (19.7%), words alone 0.034 (23.7%).
    public static func relevanceBar(for embedder: EmbedderKind?) -> Double {
        switch embedder {
        case .builtIn: 0.12
        case .miniLM: 0.20
        case nil: 0.034
        }
    }

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
            ("reviewBelow", reviewBelow), ("relevantAtLeast", relevantAtLeast ?? 0),
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
