import GroundedCore

/// One span an archived answer cites: `[n]` in its text, the document version and the offsets.
public struct ArchivedCitation: Sendable, Hashable, Codable {
    public var number: Int
    public var documentID: String
    public var version: String
    public var start: Int
    public var end: Int

    public init(number: Int, documentID: String, version: String, start: Int, end: Int) {
        self.number = number
        self.documentID = documentID
        self.version = version
        self.start = start
        self.end = end
    }
}

extension ArchivedCitation {
    /// The row of an answer's citation at `position` (0-based) in its list: numbered as the
    /// message marks it, or by position when it carries no number.
    public init(_ citation: Citation, position: Int) {
        self.init(
            number: citation.number ?? position + 1, documentID: citation.documentID, version: citation.version,
            start: citation.start, end: citation.end)
    }
}
