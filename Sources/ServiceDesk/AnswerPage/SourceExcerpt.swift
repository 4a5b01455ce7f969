import Foundation
import GroundedCore

/// The passage of a source around a cited span, for showing the span in its context: the
/// paragraph that holds it (bounded by blank lines, at most `reach` characters either side, cut
/// at a word with "…"), with the heading of its section.
///
/// Offsets are Unicode scalars, as citations count them. Thread safety: a value type.
struct SourceExcerpt: Sendable, Hashable {
    /// The nearest heading above the span (`## Return window` reads "Return window"), if any.
    var heading: String?
    var before: String
    /// The cited span, exactly as the source has it.
    var cited: String
    var after: String

    /// Characters of context either side of the span at most (a phone screen or two).
    static let reach = 400

    /// The excerpt of `text` around `span`; nil when the span is not inside the text.
    init?(_ text: SourceText, span: TextSpan, reach: Int = SourceExcerpt.reach) {
        guard span.start >= 0, span.start <= span.end, text.contains(span) else { return nil }
        let scalars = text.scalars
        func isBlankLine(at i: Int) -> Bool { i > 0 && scalars[i] == "\n" && scalars[i - 1] == "\n" }
        var start = span.start
        while start > 0, span.start - start < reach, !isBlankLine(at: start - 1) { start -= 1 }
        var end = span.end
        while end < scalars.count, end - span.end < reach, !(end + 1 < scalars.count && isBlankLine(at: end + 1)) {
            end += 1
        }
        var before = text.slice(start..<span.start)
        var after = text.slice(span.end..<end)
        if span.start - start >= reach, let space = before.firstIndex(of: " ") {
            before = "…" + before[before.index(after: space)...]
        }
        if end - span.end >= reach, let space = after.lastIndex(of: " ") {
            after = after[..<space] + "…"
        }
        self.before = before
        self.cited = text.slice(span)
        self.after = after
        heading = Self.heading(above: span.start, in: text)
    }

    /// The last Markdown heading line (`#`…) that starts before `offset`, without its marks.
    static func heading(above offset: Int, in text: SourceText) -> String? {
        let head = text.slice(0..<offset)
        let line = head.split(separator: "\n").last { $0.hasPrefix("#") }
        return line.map { $0.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces) }.flatMap {
            $0.isEmpty ? nil : $0
        }
    }
}
