import GroundedCore

/// A structural unit of a parsed document, with its exact span in the document's text.
public struct Block: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case heading(level: Int)
        case paragraph
        case listItem
        case tableRow
        case code
    }

    public var kind: Kind
    /// The block's content (markers such as `## ` or `- ` excluded), trimmed of white space.
    public var span: TextSpan

    public init(kind: Kind, span: TextSpan) {
        self.kind = kind
        self.span = span
    }

    public var headingLevel: Int? { if case .heading(let l) = kind { l } else { nil } }
}

/// A document's citable text and its blocks in order.
public struct ParsedBody: Sendable {
    /// The text every span points into: the file itself for Markdown and plain text, the
    /// rendered text for HTML.
    public var text: SourceText
    public var blocks: [Block]
}

/// Turns a document's body into blocks. Implementations are stateless values.
public protocol DocumentParser: Sendable {
    /// - Parameters:
    ///   - source: the whole file as text.
    ///   - bodyStart: the offset where the body starts (after the front matter).
    /// - Throws: `DocumentError` when the body cannot be parsed.
    func parse(_ source: SourceText, bodyStart: Int) throws -> ParsedBody
}

extension DocumentFormat {
    /// The parser for this format.
    public var parser: any DocumentParser {
        switch self {
        case .markdown: MarkdownParser()
        case .html: HTMLParser()
        case .text: PlainTextParser()
        }
    }
}
