/// How well an answer is supported by what it cites: per sentence, per citation, and overall.
public struct QualityReport: Sendable, Hashable, Codable {
    /// The verdict on one sentence of the answer.
    public struct Sentence: Sendable, Hashable, Codable {
        public enum Verdict: String, Sendable, Hashable, Codable {
            /// A cited span says it.
            case supported
            /// A cited span says part of it.
            case partial
            /// No cited span says it.
            case unsupported
            /// A cited span says nearly the same but with another number or the opposite polarity.
            case contradicted
            /// A question, a greeting or a courtesy: nothing to check.
            case notAClaim = "not-a-claim"
        }

        public let text: String
        public let verdict: Verdict
        /// 0 … 1; nil for `notAClaim`.
        public let score: Double?
        /// The citation number that supports it best.
        public let bestCitation: Int?
        /// Share of the sentence's content words (stemmed) found in the best span.
        public let lexical: Double?
        /// Cosine similarity of the sentence and the closest sentence of the best span.
        public let embedding: Double?
        /// Number or negation mismatches, and citations that could not support it.
        public let problems: [String]
        /// The verdict in words.
        public let explanation: String
    }

    /// Whether a citation is real: the document exists, the span is inside it, and its text
    /// equals the quote.
    public struct CitationCheck: Sendable, Hashable, Codable {
        public let number: Int
        public let real: Bool
        public let problem: String?
    }

    public let id: String?
    /// False when the answer makes no claim (a decline, a question, a courtesy): then `score` is nil.
    public let scoreable: Bool
    /// The mean of the claims' scores, 0 … 1.
    public let score: Double?
    /// Below the review threshold, a contradicted claim, or a citation that is not real.
    public let flaggedForReview: Bool
    public let sentences: [Sentence]
    public let citations: [CitationCheck]
    /// Citations that no claim uses (not referred to by any marker, or supporting nothing).
    public let unusedCitations: [Int]
    /// The reasons for the flag, and other remarks, in words.
    public let notes: [String]
    /// With the question: how well the answer addresses it, 0 … 1 — the share of the question's
    /// weighted content words the answer's claims use, blended with their meaning's similarity
    /// when there are embeddings (`QualityScorer.relevanceBar`).
    public var relevance: Double? = nil
}
