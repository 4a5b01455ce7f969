import GroundedCore

/// An answer to score: its text with citation markers (`[1]`, `[2, 3]`) and the spans it cites.
/// The JSON of `POST /v1/answer`'s response reads as one (its `text` and `citations`); so does
/// any other system's answer written in this shape.
public struct AnswerToScore: Sendable, Hashable, Codable {
    /// Names the answer in reports (optional).
    public var id: String?
    /// The answer's text. A sentence's markers say which citations support it; without markers,
    /// every citation may.
    public var text: String
    public var citations: [Citation]
    /// The question it answers, when known: then the report also says whether the answer
    /// addresses it (`QualityReport.relevance`).
    public var question: String?

    public init(id: String? = nil, text: String, citations: [Citation], question: String? = nil) {
        self.id = id
        self.text = text
        self.citations = citations
        self.question = question
    }
}
