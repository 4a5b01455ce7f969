/// An answer to score: its text with citation markers (`[1]`, `[2, 3]`) and the spans it cites.
/// The JSON of `POST /v1/answer`'s response reads as one (its `text` and `citations`); so does
/// any other system's answer written in this shape.
public struct AnswerToScore: Sendable, Hashable, Codable {
    /// Names the answer in reports (optional).
    public var id: String?
    /// The answer's text. A sentence's markers say which citations support it; without markers,
    /// every citation may.
    public var text: String
    public var citations: [CitedSpan]

    public init(id: String? = nil, text: String, citations: [CitedSpan]) {
        self.id = id
        self.text = text
        self.citations = citations
    }
}

/// A cited span of a document in the knowledge base.
public struct CitedSpan: Sendable, Hashable, Codable {
    /// The marker number that refers to it; citations without one are numbered 1, 2, … in order.
    public var number: Int?
    public var documentID: String
    /// The document version; nil means the latest.
    public var version: String?
    /// Character (Unicode scalar) offsets in the document's text, `[start, end)`.
    public var start: Int
    public var end: Int
    /// What the answer claims the span says; when given it must equal the document's text there.
    public var quote: String?

    public init(
        number: Int? = nil, documentID: String, version: String? = nil, start: Int, end: Int, quote: String? = nil
    ) {
        self.number = number
        self.documentID = documentID
        self.version = version
        self.start = start
        self.end = end
        self.quote = quote
    }
}
