import GroundedCore

/// One sentence the composer weighed for an answer, with its score: the alternatives an
/// explanation shows beside the sentences chosen.
public struct CandidateSentence: Sendable, Codable, Hashable {
    public var documentID: String
    public var version: String
    public var start: Int
    public var end: Int
    public var text: String
    /// The composer's score (coverage, meaning, rank and answer type; see `AnswerConfiguration`).
    public var score: Double
    /// The share of the question's weighted terms the sentence (with its headings) covers.
    public var coverage: Double
    /// Whether the answer uses it.
    public var chosen: Bool

    public init(
        documentID: String, version: String, start: Int, end: Int, text: String, score: Double, coverage: Double,
        chosen: Bool
    ) {
        self.documentID = documentID
        self.version = version
        self.start = start
        self.end = end
        self.text = text
        self.score = score
        self.coverage = coverage
        self.chosen = chosen
    }
}
