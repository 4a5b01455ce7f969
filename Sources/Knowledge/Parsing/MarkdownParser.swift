import GroundedCore

/// Markdown: ATX headings, paragraphs, bullet and numbered lists, pipe tables, fenced code and
/// block quotes. Spans point into the file itself; markers are left out of block spans.
public struct MarkdownParser: DocumentParser {
    public init() {}

    public func parse(_ source: SourceText, bodyStart: Int) throws -> ParsedBody {
        var blocks: [Block] = []
        var open: Block?  // paragraph or list item being extended
        var inFence = false
        var fenceStart = 0
        let s = source.scalars

        func flush() {
            if let b = open {
                let t = source.trimmed(b.span)
                if !t.isEmpty { blocks.append(Block(kind: b.kind, span: t)) }
            }
            open = nil
        }

        for line in Lines(source, from: bodyStart) {
            let c = line.content
            var first = c.start
            while first < c.end, s[first] == " " || s[first] == "\t" { first += 1 }
            let indent = first - c.start
            let rest = source.slice(first..<c.end)

            if rest.hasPrefix("```") || rest.hasPrefix("~~~") {
                if inFence {
                    let span = source.trimmed(TextSpan(start: fenceStart, end: c.start))
                    if !span.isEmpty { blocks.append(Block(kind: .code, span: span)) }
                    inFence = false
                } else {
                    flush()
                    inFence = true
                    fenceStart = line.end
                }
                continue
            }
            if inFence { continue }
            if first == c.end {
                flush()
                continue
            }  // blank line

            if let level = headingLevel(rest) {
                flush()
                var end = c.end
                while end > first, s[end - 1] == "#" || s[end - 1] == " " { end -= 1 }  // closing #s
                let span = source.trimmed(TextSpan(start: first + level, end: max(end, first + level)))
                if !span.isEmpty { blocks.append(Block(kind: .heading(level: level), span: span)) }
                continue
            }
            if isRule(rest) {
                flush()
                continue
            }
            if rest.hasPrefix("|") {
                flush()
                if !isTableSeparator(rest) {
                    blocks.append(Block(kind: .tableRow, span: source.trimmed(TextSpan(start: first, end: c.end))))
                }
                continue
            }
            if let markerLength = listMarkerLength(rest) {
                flush()
                open = Block(kind: .listItem, span: TextSpan(start: first + markerLength, end: c.end))
                continue
            }
            if rest.hasPrefix(">") {
                let start = first + (rest.hasPrefix("> ") ? 2 : 1)
                if open?.kind == .paragraph {
                    open!.span.end = c.end
                } else {
                    flush()
                    open = Block(kind: .paragraph, span: TextSpan(start: start, end: c.end))
                }
                continue
            }
            if var b = open, b.kind == .listItem, indent == 0 {
                // A non-indented line after a list item continues it (lazy continuation).
                b.span.end = c.end
                open = b
                continue
            }
            if var b = open {
                b.span.end = c.end
                open = b
            } else {
                open = Block(kind: .paragraph, span: TextSpan(start: first, end: c.end))
            }
        }
        flush()
        if inFence {
            let span = source.trimmed(TextSpan(start: fenceStart, end: source.count))
            if !span.isEmpty { blocks.append(Block(kind: .code, span: span)) }
        }
        return ParsedBody(text: source, blocks: blocks)
    }

    func headingLevel(_ line: String) -> Int? {
        var level = 0
        for ch in line { if ch == "#" { level += 1 } else { break } }
        guard (1...6).contains(level) else { return nil }
        let after = line.dropFirst(level)
        return after.isEmpty || after.first == " " || after.first == "\t" ? level : nil
    }

    func isRule(_ line: String) -> Bool {
        let t = line.filter { $0 != " " }
        guard t.count >= 3, let c = t.first, "-*_".contains(c) else { return false }
        return t.allSatisfy { $0 == c }
    }

    func isTableSeparator(_ line: String) -> Bool {
        line.allSatisfy { "|-: \t".contains($0) } && line.contains("-")
    }

    /// The length of a list marker and its space (`- `, `* `, `+ `, `12. `, `3) `), or nil.
    func listMarkerLength(_ line: String) -> Int? {
        let chars = Array(line.unicodeScalars)
        guard chars.count >= 2 else { return nil }
        if "-*+".unicodeScalars.contains(chars[0]), chars[1] == " " { return 2 }
        var i = 0
        while i < chars.count, i < 4, chars[i].properties.numericType != nil, chars[i].isASCII { i += 1 }
        if i > 0, i + 1 < chars.count, chars[i] == "." || chars[i] == ")", chars[i + 1] == " " { return i + 2 }
        return nil
    }
}
