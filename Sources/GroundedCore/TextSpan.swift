/// A half-open range `[start, end)` of a document's text.
///
/// **Offset unit.** Offsets count Unicode scalars (code points) of the document's text, the unit
/// Python's `str` indexes by, so spans from public evaluation sets apply unchanged. For Markdown and
/// plain-text documents the text is the file exactly as written; for HTML it is the rendered text
/// (see `Knowledge.HTMLParser`).
public struct TextSpan: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    /// Creates a span. - Precondition: `0 <= start <= end`.
    public init(start: Int, end: Int) {
        precondition(start >= 0 && start <= end, "invalid span [\(start), \(end))")
        self.start = start
        self.end = end
    }

    public init(_ range: Range<Int>) { self.init(start: range.lowerBound, end: range.upperBound) }

    public var range: Range<Int> { start..<end }
    public var length: Int { end - start }
    public var isEmpty: Bool { start == end }

    /// Whether the two spans share at least one position.
    public func overlaps(_ other: TextSpan) -> Bool { start < other.end && other.start < end }

    public static func < (a: TextSpan, b: TextSpan) -> Bool { (a.start, a.end) < (b.start, b.end) }
    public var description: String { "[\(start), \(end))" }
}
