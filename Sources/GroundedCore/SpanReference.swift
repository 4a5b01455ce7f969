import Foundation

/// A span of one version of a document, named the one way the service writes and reads it:
/// `documentID@version[start, end)` (`returns-policy@2[301, 354)`). Conversation turns, audit
/// outcomes, outreach records and feedback on a chunk all carry it as this text.
///
/// Thread safety: a value type.
public struct SpanReference: Hashable, Sendable, LosslessStringConvertible {
    public var documentID: String
    public var version: String
    /// Unicode-scalar offsets in the version's text, `[start, end)`.
    public var span: TextSpan

    public init(documentID: String, version: String, span: TextSpan) {
        self.documentID = documentID
        self.version = version
        self.span = span
    }

    public init(documentID: String, version: String, start: Int, end: Int) {
        self.init(documentID: documentID, version: version, span: TextSpan(start: start, end: end))
    }

    /// Reads `documentID@version[start, end)`; nil for any other text (no `@`, no bracketed pair of
    /// offsets, start after end). The document id may itself hold `@`: the last one separates.
    public init?(_ description: String) {
        guard let at = description.lastIndex(of: "@"), let open = description[at...].firstIndex(of: "["),
            description.hasSuffix(")")
        else { return nil }
        let bounds = description[description.index(after: open)..<description.index(before: description.endIndex)]
            .split(separator: ",")
        guard bounds.count == 2, let start = Int(bounds[0].trimmingCharacters(in: .whitespaces)),
            let end = Int(bounds[1].trimmingCharacters(in: .whitespaces)), start >= 0, start <= end
        else { return nil }
        self.init(
            documentID: String(description[..<at]), version: String(description[description.index(after: at)..<open]),
            start: start, end: end)
    }

    /// `documentID@version[start, end)`.
    public var description: String { "\(documentID)@\(version)[\(span.start), \(span.end))" }
}
