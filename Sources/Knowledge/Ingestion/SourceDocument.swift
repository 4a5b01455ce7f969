import GroundedCore

/// A document read from the corpus, parsed and chunked, ready to store.
public struct SourceDocument: Sendable {
    public var metadata: DocumentMetadata
    public var format: DocumentFormat
    /// The file it came from, relative to the corpus root (`name.jsonl:12` for a JSONL line).
    public var sourcePath: String
    /// Changes whenever the file, the parser or the chunker changes.
    public var contentHash: String
    /// The citable text: every span points into it.
    public var text: SourceText
    public var chunks: [Chunk]
}

/// A file (or JSONL line) that could not be ingested, and why.
public struct IngestProblem: Sendable, Codable, Hashable, CustomStringConvertible {
    public var path: String
    public var kind: String
    public var message: String

    public var description: String { "\(path): \(message)" }
}

extension Chunk {
    /// The text the indexes see: title and headings give a chunk the context its words lack.
    public func indexText(title: String) -> String {
        Self.indexText(title: title, headingPath: headingPath, text: text)
    }

    /// A text in its context — title, then headings, then the text — as the indexes see it.
    public static func indexText(title: String, headingPath: [String], text: String) -> String {
        ([title] + headingPath.filter { $0 != title } + [text]).joined(separator: "\n")
    }

    /// The chunk's candidate answer sentences as text, in order: what sentence embeddings embed.
    public var sentenceTexts: [String] { Self.sentenceTexts(text, chunkStart: span.start, sentences: sentences) }

    /// Slices sentence spans (document coordinates) out of a chunk's text that starts at `chunkStart`;
    /// a span outside the chunk gives an empty string, so positions still line up.
    static func sentenceTexts(_ chunkText: String, chunkStart: Int, sentences: [TextSpan]) -> [String] {
        let scalars = Array(chunkText.unicodeScalars)
        return sentences.map { s in
            let a = s.start - chunkStart
            let b = s.end - chunkStart
            guard a >= 0, b <= scalars.count, a <= b else { return "" }
            return String(String.UnicodeScalarView(scalars[a..<b]))
        }
    }
}
