import Foundation
import GroundedCore

/// Reads files into `SourceDocument`s: checks the bytes, the encoding and the front matter,
/// parses by format and chunks.
///
/// Thread safety: immutable; `load` may run concurrently.
public struct DocumentLoader: Sendable {
    public let chunker: Chunker
    /// Files larger than this are refused (a knowledge-base article is rarely over 1 MB).
    public var maxFileBytes = 8 << 20
    /// Bumped when parsing or chunking changes, so that every document is re-chunked.
    static let pipelineVersion = "parse-2"

    public init(chunker: Chunker = Chunker()) { self.chunker = chunker }

    /// The extensions a corpus folder may hold.
    public static let supportedExtensions = ["md", "markdown", "html", "htm", "txt", "text", "jsonl"]

    /// Loads one Markdown, HTML or plain-text file.
    /// - Parameter relativePath: how problems and the store name the file.
    /// - Throws: `DocumentError` saying what is wrong with the file.
    public func load(_ url: URL, relativePath: String) throws -> SourceDocument {
        guard let format = DocumentFormat(pathExtension: url.pathExtension) else {
            throw DocumentError(
                .unsupported, "unsupported file type `.\(url.pathExtension)`: use .md, .html, .txt or .jsonl")
        }
        let string = try readText(url)
        let source = SourceText(string)
        let front = try FrontMatter.parse(source)
        let metadata = try FrontMatter.metadata(from: front.fields)
        return try document(
            source: source, bodyStart: front.bodyStart, metadata: metadata, format: format, path: relativePath)
    }

    /// Parses and chunks a document whose metadata is already known.
    /// - Throws: `DocumentError` when the body is empty or cannot be parsed.
    public func document(
        source: SourceText, bodyStart: Int, metadata: DocumentMetadata, format: DocumentFormat,
        path: String
    ) throws -> SourceDocument {
        let body = try format.parser.parse(source, bodyStart: bodyStart)
        guard !body.blocks.isEmpty else {
            throw DocumentError(.empty, "the document has no text after its front matter")
        }
        let chunks = chunker.chunk(body, metadata: metadata)
        let hash = Checksum64.hex(
            of: source.string + "\u{0}" + Self.pipelineVersion + "\(chunker.configuration)" + "\(metadata)")
        return SourceDocument(
            metadata: metadata, format: format, sourcePath: path, contentHash: hash,
            text: body.text, chunks: chunks)
    }

    /// Reads a file as UTF-8 text, refusing binary, oversized, empty and mis-encoded files.
    func readText(_ url: URL) throws -> String {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DocumentError(.unreadable, "cannot read the file: \(error.localizedDescription)")
        }
        guard data.count <= maxFileBytes else {
            throw DocumentError(
                .malformed,
                "file is \(data.count) bytes, over the \(maxFileBytes)-byte limit: split it into smaller documents")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.prefix(8192).contains(0) {
            throw DocumentError(.binary, "binary file (contains NUL bytes): only text documents can be ingested")
        }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8(bytes)
            throw DocumentError(.encoding, "invalid UTF-8 at byte \(offset): save the file as UTF-8")
        }
        guard string.contains(where: { !$0.isWhitespace }) else {
            throw DocumentError(.empty, "the file is empty")
        }
        return string
    }

    func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var lo = 0
        var hi = bytes.count
        while lo < hi {  // longest valid prefix, by bisection on validity
            let mid = (lo + hi + 1) / 2
            if String(validating: bytes[0..<mid], as: UTF8.self) != nil || isCutInsideScalar(bytes, mid) {
                lo = mid
            } else {
                hi = mid - 1
            }
        }
        return lo
    }

    private func isCutInsideScalar(_ bytes: [UInt8], _ end: Int) -> Bool {
        // A prefix that only fails because it ends inside a multi-byte scalar.
        for back in 1...3 where end - back >= 0 {
            if String(validating: bytes[0..<(end - back)], as: UTF8.self) != nil, bytes[end - back] >= 0xC0 {
                return true
            }
        }
        return false
    }
}
