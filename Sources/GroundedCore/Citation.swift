import Foundation

/// Where a sentence of an answer comes from: slicing the document's text at `[start, end)`
/// gives `quote` exactly. The one citation type, from the composer to the API, the archive's rows
/// and QA scoring: an answer as sent numbers its citations (`number`, the `[n]` its message shows);
/// inside the engine they have none.
///
/// An answer from another system, sent to be scored (`POST /v1/qa/score`), may leave out
/// `version` (the latest version is meant), `title`, and `quote` (nothing is claimed about the
/// span's text); they decode as empty. The engine's own citations always carry all three.
public struct Citation: Sendable, Hashable, Codable {
    /// The marker that refers to it in the message as sent (`[1]`); nil before it is numbered.
    public var number: Int?
    public var documentID: String
    /// The document version; empty only in an answer sent to be scored, meaning the latest.
    public var version: String
    public var title: String
    /// Character (Unicode scalar) offsets in the document's text, `[start, end)`.
    public var start: Int
    public var end: Int
    /// The document's text at the span; empty only in an answer sent to be scored that claims none.
    public var quote: String

    public var span: TextSpan { TextSpan(start: start, end: end) }

    /// The span as the service names it: `documentID@version[start, end)`.
    public var reference: SpanReference { SpanReference(documentID: documentID, version: version, span: span) }

    public init(
        number: Int? = nil, documentID: String, version: String, title: String = "", start: Int, end: Int,
        quote: String = ""
    ) {
        self.number = number
        self.documentID = documentID
        self.version = version
        self.title = title
        self.start = start
        self.end = end
        self.quote = quote
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            number: try c.decodeIfPresent(Int.self, forKey: .number),
            documentID: try c.decode(String.self, forKey: .documentID),
            version: try c.decodeIfPresent(String.self, forKey: .version) ?? "",
            title: try c.decodeIfPresent(String.self, forKey: .title) ?? "",
            start: try c.decode(Int.self, forKey: .start), end: try c.decode(Int.self, forKey: .end),
            quote: try c.decodeIfPresent(String.self, forKey: .quote) ?? "")
    }
}
