import GroundedCore

/// HTML: tags removed, `script`, `style`, `head`, `nav`, `template`, `noscript` and comments
/// dropped, and so is every element a reader does not see (`hidden`, `aria-hidden="true"`, styled
/// `display: none` or `visibility: hidden`, with what it holds); entities decoded, white space
/// collapsed; headings, paragraphs, list items and table rows become blocks.
///
/// The citable text of an HTML document is this rendered text (blocks separated by blank lines,
/// table cells by ` | `), not the markup: a quote from it reads as the page reads.
public struct HTMLParser: DocumentParser {
    public init() {}

    static let dropped: Set<String> = ["script", "style", "head", "nav", "noscript", "template", "svg"]
    /// Elements that have no content and no closing tag: hiding one hides nothing else.
    static let void: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]
    /// Elements whose closing tag may be left out: a new one closes the open one.
    static let closedByTheirNext: Set<String> = ["p", "li"]
    static let blockKinds: [String: Block.Kind] = [
        "h1": .heading(level: 1), "h2": .heading(level: 2), "h3": .heading(level: 3),
        "h4": .heading(level: 4), "h5": .heading(level: 5), "h6": .heading(level: 6),
        "p": .paragraph, "li": .listItem, "tr": .tableRow, "pre": .code, "blockquote": .paragraph,
        "div": .paragraph, "section": .paragraph, "article": .paragraph, "main": .paragraph,
        "header": .paragraph, "footer": .paragraph, "ul": .paragraph, "ol": .paragraph,
        "table": .paragraph, "dt": .paragraph, "dd": .paragraph, "figcaption": .paragraph,
        "body": .paragraph, "html": .paragraph, "aside": .paragraph, "details": .paragraph, "summary": .paragraph,
    ]

    public func parse(_ source: SourceText, bodyStart: Int) throws -> ParsedBody {
        var out = Renderer()
        let s = source.scalars
        var i = bodyStart
        var skipping: (name: String, depth: Int)?  // inside a dropped or hidden element
        var cellsInRow = 0
        while i < s.count {
            let c = s[i]
            if c == "<" {
                if source.slice(i..<min(i + 4, s.count)) == "<!--" {
                    i = find("-->", in: s, from: i + 4).map { $0 + 3 } ?? s.count
                    continue
                }
                guard let tag = readTag(s, at: i) else {
                    if skipping == nil { out.text(c) }
                    i += 1
                    continue
                }
                i = tag.end
                if let dropping = skipping {
                    if tag.name == dropping.name, !tag.selfClosing {
                        let depth = tag.closing ? dropping.depth - 1 : dropping.depth + 1
                        skipping = depth == 0 ? nil : (dropping.name, depth)
                        if !tag.closing, Self.closedByTheirNext.contains(tag.name) {
                            // `<p hidden>…<p>`: the new paragraph ends the hidden one and is read.
                            skipping = nil
                            out.endBlock()
                            out.beginBlock(Self.blockKinds[tag.name] ?? .paragraph)
                        }
                    }
                    continue
                }
                if !tag.closing, !tag.selfClosing, !Self.void.contains(tag.name),
                    Self.dropped.contains(tag.name) || tag.isHidden
                {
                    skipping = (tag.name, 1)
                    continue
                }
                if tag.name == "br" {
                    out.lineBreak()
                    continue
                }
                if tag.name == "td" || tag.name == "th" {
                    if !tag.closing {
                        if cellsInRow > 0 { out.cellSeparator() }
                        cellsInRow += 1
                    }
                    continue
                }
                if let kind = Self.blockKinds[tag.name] {
                    if tag.name == "tr" { cellsInRow = 0 }
                    out.endBlock()
                    if !tag.closing { out.beginBlock(kind) } else { out.beginBlock(.paragraph) }
                }
                continue
            }
            if skipping != nil {
                i += 1
                continue
            }
            if c == "&", let (decoded, next) = decodeEntity(s, at: i) {
                for d in decoded.unicodeScalars { out.text(d) }
                i = next
                continue
            }
            out.text(c)
            i += 1
        }
        out.endBlock()
        if skipping != nil, out.blocks.isEmpty {
            throw DocumentError(.malformed, "HTML element <\(skipping!.name)> is never closed and hides the whole page")
        }
        return ParsedBody(text: SourceText(scalars: out.scalars), blocks: out.blocks)
    }

    struct Tag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        var end: Int
        /// The text between the name and `>`, as written.
        var attributes = ""

        /// Whether a reader never sees the element: the `hidden` attribute, `aria-hidden="true"`,
        /// or an inline style of `display: none` or `visibility: hidden`.
        var isHidden: Bool {
            guard !attributes.isEmpty else { return false }
            let lower = attributes.lowercased()
            let compact = String(lower.unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "\"" && $0 != "'" })
            if compact.contains("display:none") || compact.contains("visibility:hidden")
                || compact.contains("aria-hidden=true")
            {
                return true
            }
            // `hidden` as an attribute of its own, not inside a value such as class="hidden-xs".
            let names = lower.replacing(/"[^"]*"|'[^']*'/, with: " ")
            return names.firstMatch(of: /(^|[\s\/])hidden(\s|=|\/|$)/) != nil
        }
    }

    /// Reads `<name ...>` or `</name>` at `i`; nil when `<` does not start a tag.
    func readTag(_ s: [Unicode.Scalar], at i: Int) -> Tag? {
        var j = i + 1
        var closing = false
        if j < s.count, s[j] == "/" {
            closing = true
            j += 1
        }
        if j < s.count, s[j] == "!" || s[j] == "?" {  // doctype, processing instruction
            guard let end = findScalar(">", in: s, from: j) else { return nil }
            return Tag(name: "!", closing: false, selfClosing: true, end: end + 1)
        }
        guard j < s.count, s[j].properties.isAlphabetic else { return nil }
        var name = ""
        while j < s.count, s[j].properties.isAlphabetic || (s[j].value >= 48 && s[j].value <= 57) {
            name.unicodeScalars.append(s[j])
            j += 1
        }
        // Skip attributes, honouring quotes.
        let attributesStart = j
        var quote: Unicode.Scalar?
        while j < s.count {
            let c = s[j]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == ">" {
                break
            }
            j += 1
        }
        guard j < s.count else { return nil }
        let selfClosing = j > i && s[j - 1] == "/"
        var attributes = String.UnicodeScalarView()
        attributes.append(contentsOf: s[attributesStart..<j])
        return Tag(
            name: name.lowercased(), closing: closing, selfClosing: selfClosing, end: j + 1,
            attributes: String(attributes))
    }

    func find(_ needle: String, in s: [Unicode.Scalar], from start: Int) -> Int? {
        let n = Array(needle.unicodeScalars)
        var i = start
        while i + n.count <= s.count {
            if s[i] == n[0], Array(s[i..<(i + n.count)]) == n { return i }
            i += 1
        }
        return nil
    }

    func findScalar(_ c: Unicode.Scalar, in s: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start
        while i < s.count {
            if s[i] == c { return i }
            i += 1
        }
        return nil
    }

    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ndash": "–",
        "mdash": "—", "hellip": "…", "copy": "©", "reg": "®", "trade": "™", "rsquo": "’", "lsquo": "‘",
        "rdquo": "”", "ldquo": "“", "euro": "€", "pound": "£", "cent": "¢", "deg": "°", "times": "×",
        "middot": "·", "bull": "•", "laquo": "«", "raquo": "»", "sect": "§", "para": "¶", "frac12": "½",
    ]

    /// Decodes `&name;`, `&#123;` or `&#x7B;` at `i`; nil when it is a bare ampersand.
    func decodeEntity(_ s: [Unicode.Scalar], at i: Int) -> (String, Int)? {
        var j = i + 1
        var body = ""
        while j < s.count, j - i <= 10, s[j] != ";" {
            guard s[j].properties.isAlphabetic || s[j] == "#" || (s[j].value >= 48 && s[j].value <= 57) else {
                return nil
            }
            body.unicodeScalars.append(s[j])
            j += 1
        }
        guard j < s.count, s[j] == ";", !body.isEmpty else { return nil }
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value = digits.lowercased().hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value), value != 0 else { return nil }
            return (String(scalar), j + 1)
        }
        guard let named = Self.entities[body] else { return nil }
        return (named, j + 1)
    }
}

/// Builds the rendered text of an HTML document block by block, collapsing white space.
struct Renderer {
    var scalars: [Unicode.Scalar] = []
    var blocks: [Block] = []
    var kind: Block.Kind = .paragraph
    var blockStart: Int?
    var pendingSpace = false

    mutating func beginBlock(_ k: Block.Kind) { kind = k }

    mutating func text(_ c: Unicode.Scalar) {
        if c.properties.isWhitespace {
            pendingSpace = blockStart != nil
            return
        }
        if blockStart == nil {
            if !scalars.isEmpty {
                scalars.append(contentsOf: kind == .listItem || kind == .tableRow ? ["\n"] : ["\n", "\n"])
            }
            blockStart = scalars.count
        } else if pendingSpace {
            scalars.append(" ")
        }
        pendingSpace = false
        scalars.append(c)
    }

    mutating func lineBreak() {
        if blockStart != nil {
            scalars.append("\n")
            pendingSpace = false
        }
    }

    mutating func cellSeparator() {
        if blockStart != nil {
            scalars.append(contentsOf: [" ", "|"])
            pendingSpace = true
        }
    }

    mutating func endBlock() {
        if let start = blockStart {
            var end = scalars.count
            while end > start, scalars[end - 1].properties.isWhitespace { end -= 1 }
            if end > start { blocks.append(Block(kind: kind, span: TextSpan(start: start, end: end))) }
        }
        blockStart = nil
        pendingSpace = false
        kind = .paragraph
    }
}
