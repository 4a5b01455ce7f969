/// A document's text, indexable by Unicode-scalar offsets in O(1).
///
/// Value type; safe to share across tasks.
public struct SourceText: Sendable, Hashable {
    /// The text as a Swift string.
    public let string: String
    /// The text's Unicode scalars; `scalars[i]` is the scalar at offset `i`.
    public let scalars: [Unicode.Scalar]

    public init(_ string: String) {
        self.string = string
        self.scalars = Array(string.unicodeScalars)
    }

    public init(scalars: [Unicode.Scalar]) {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        self.string = String(view)
        self.scalars = scalars
    }

    /// The number of Unicode scalars: the exclusive upper bound of every span.
    public var count: Int { scalars.count }

    /// The text of `span`. - Precondition: the span lies within the text.
    public func slice(_ span: TextSpan) -> String { slice(span.range) }

    /// The text of `range`. - Precondition: the range lies within the text.
    public func slice(_ range: Range<Int>) -> String {
        precondition(
            range.lowerBound >= 0 && range.upperBound <= scalars.count,
            "range \(range) outside text of \(scalars.count) scalars")
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }

    /// Whether `span` lies within the text.
    public func contains(_ span: TextSpan) -> Bool { span.end <= scalars.count }

    /// `span` with leading and trailing white space removed (an empty span stays where it is).
    public func trimmed(_ span: TextSpan) -> TextSpan {
        var s = span.start
        var e = span.end
        while s < e, scalars[s].properties.isWhitespace { s += 1 }
        while e > s, scalars[e - 1].properties.isWhitespace { e -= 1 }
        return TextSpan(start: s, end: e)
    }
}
