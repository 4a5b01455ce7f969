import GroundedCore

/// Plain text: paragraphs are runs of non-blank lines; a short line without closing punctuation
/// that starts a paragraph and is followed by longer text is a heading, as is a line underlined
/// with `===` or `---`;
/// lines starting with `- `, `* ` or `1. ` are list items. Spans point into the file itself.
public struct PlainTextParser: DocumentParser {
    public init() {}

    public func parse(_ source: SourceText, bodyStart: Int) throws -> ParsedBody {
        let lines = Array(Lines(source, from: bodyStart))
        var blocks: [Block] = []
        var paragraph: TextSpan?
        func flush() {
            if let p = paragraph {
                let t = source.trimmed(p)
                if !t.isEmpty { blocks.append(Block(kind: .paragraph, span: t)) }
            }
            paragraph = nil
        }
        let markdown = MarkdownParser()
        var i = 0
        while i < lines.count {
            let span = source.trimmed(lines[i].content)
            if span.isEmpty {
                flush()
                i += 1
                continue
            }
            let text = source.slice(span)
            let next = i + 1 < lines.count ? source.trimmed(lines[i + 1].content) : nil
            let nextText = next.map { source.slice($0) } ?? ""
            // The next line with text, across blank lines: what a heading would introduce.
            var following: TextSpan?
            for j in (i + 1)..<max(i + 1, lines.count) {
                let t = source.trimmed(lines[j].content)
                if !t.isEmpty {
                    following = t
                    break
                }
            }
            if let next, !next.isEmpty, nextText.count >= 3,
                nextText.allSatisfy({ $0 == "=" }) || nextText.allSatisfy({ $0 == "-" })
            {
                flush()
                blocks.append(Block(kind: .heading(level: nextText.first == "=" ? 1 : 2), span: span))
                i += 2
                continue
            }
            if let marker = markdown.listMarkerLength(text) {
                flush()
                blocks.append(
                    Block(kind: .listItem, span: source.trimmed(TextSpan(start: span.start + marker, end: span.end))))
                i += 1
                continue
            }
            if paragraph == nil, looksLikeHeading(text, next: following, source: source) {
                blocks.append(Block(kind: .heading(level: 2), span: span))
                i += 1
                continue
            }
            if paragraph == nil { paragraph = span } else { paragraph!.end = span.end }
            i += 1
        }
        flush()
        return ParsedBody(text: source, blocks: blocks)
    }

    /// A short line without closing punctuation, followed (directly or after blank lines) by a
    /// longer line of text.
    func looksLikeHeading(_ line: String, next: TextSpan?, source: SourceText) -> Bool {
        guard let next, !next.isEmpty else { return false }
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).count
        guard words <= 10, let last = line.last, !".,;:?!)\"".contains(last) else { return false }
        return next.length > line.count
    }
}
