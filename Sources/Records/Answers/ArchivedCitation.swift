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
