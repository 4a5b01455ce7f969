import Foundation

/// BERT's uncased tokenizer as all-MiniLM-L6-v2 uses it: clean control characters, normalise
/// white space, put spaces around CJK ideographs, lowercase, strip accents (NFD, drop combining
/// marks), split off punctuation, then greedy longest-match-first WordPiece with `##`
/// continuations; a word over 100 characters, or one that cannot be pieced, becomes `[UNK]`.
///
/// Thread safety: immutable after `init`.
public struct WordPieceTokenizer: Sendable {
    public let vocabulary: [String: Int32]
    public let unknown: Int32
    public let classify: Int32
    public let separator: Int32
    public let padding: Int32
    /// The most tokens of one sequence, `[CLS]` and `[SEP]` included.
    public let maxLength: Int
    static let maxWordLength = 100

    /// Reads `vocab.txt` (one token a line; the line number is the id).
    /// - Throws: `SafeTensorsError`-style `TokenizerError` when the file is missing or lacks a special token.
    public init(vocabulary url: URL, maxLength: Int = 256) throws {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw TokenizerError("\(url.path) cannot be read: run Tools/fetch-model.sh")
        }
        var vocabulary: [String: Int32] = [:]
        var id: Int32 = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let token = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            if !token.isEmpty, vocabulary[token] == nil { vocabulary[token] = id }
            id += 1
        }
        try self.init(vocabulary: vocabulary, maxLength: maxLength)
    }

    public init(vocabulary: [String: Int32], maxLength: Int = 256) throws {
        func special(_ s: String) throws -> Int32 {
            guard let id = vocabulary[s] else { throw TokenizerError("the vocabulary has no \(s) token") }
            return id
        }
        self.vocabulary = vocabulary
        self.unknown = try special("[UNK]")
        self.classify = try special("[CLS]")
        self.separator = try special("[SEP]")
        self.padding = try special("[PAD]")
        self.maxLength = maxLength
    }

    /// `[CLS]` + word pieces + `[SEP]`, truncated to `maxLength`.
    public func encode(_ text: String) -> [Int32] {
        let pieces = wordPieces(text)
        return [classify] + pieces.prefix(maxLength - 2) + [separator]
    }

    /// The word-piece ids of a text, without special tokens or truncation.
    public func wordPieces(_ text: String) -> [Int32] {
        var out: [Int32] = []
        for word in basicTokens(text) { appendPieces(of: word, to: &out) }
        return out
    }

    // MARK: basic tokenization

    /// Splits text into lowercased, accent-free words and single punctuation marks.
    func basicTokens(_ text: String) -> [String] {
        Self.asciiTokens(text) ?? unicodeTokens(text)
    }

    /// `basicTokens` for any text, by the Unicode character classes.
    func unicodeTokens(_ text: String) -> [String] {
        // Clean and put spaces around CJK ideographs.
        var cleaned = String.UnicodeScalarView()
        for c in text.unicodeScalars {
            if c.value == 0 || c.value == 0xFFFD || Self.isControl(c) { continue }
            if Self.isWhitespace(c) {
                cleaned.append(" ")
                continue
            }
            if Self.isCJK(c) {
                cleaned.append(" ")
                cleaned.append(c)
                cleaned.append(" ")
                continue
            }
            cleaned.append(c)
        }
        var tokens: [String] = []
        for word in String(cleaned).split(separator: " ", omittingEmptySubsequences: true) {
            let lowered = word.lowercased()
            var stripped = String.UnicodeScalarView()
            for c in lowered.decomposedStringWithCanonicalMapping.unicodeScalars
            where c.properties.generalCategory != .nonspacingMark {
                stripped.append(c)
            }
            // Punctuation marks become tokens of their own.
            var current = String.UnicodeScalarView()
            for c in stripped {
                if Self.isPunctuation(c) {
                    if !current.isEmpty {
                        tokens.append(String(current))
                        current = String.UnicodeScalarView()
                    }
                    tokens.append(String(c))
                } else {
                    current.append(c)
                }
            }
            if !current.isEmpty { tokens.append(String(current)) }
        }
        return tokens
    }

    /// `basicTokens` of a text that is all ASCII, worked out on its bytes (nothing to decompose,
    /// no Unicode tables to consult); nil for any other text. The rules are the same: control
    /// characters dropped, white space splits, letters lowercased, each punctuation mark a token.
    static func asciiTokens(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var tokens: [String] = []
            var word: [UInt8] = []
            func endWord() {
                if !word.isEmpty {
                    tokens.append(String(decoding: word, as: UTF8.self))
                    word.removeAll(keepingCapacity: true)
                }
            }
            for byte in bytes {
                switch byte {
                case 0x20, 0x09, 0x0A, 0x0D: endWord()
                case 0..<0x20, 0x7F: continue
                case 33...47, 58...64, 91...96, 123...126:
                    endWord()
                    tokens.append(String(UnicodeScalar(byte)))
                case 65...90: word.append(byte + 32)
                default: word.append(byte)
                }
            }
            endWord()
            return tokens
        }
    }

    /// Greedy longest-match-first word pieces of one word.
    func appendPieces(of word: String, to out: inout [Int32]) {
        guard word.unicodeScalars.count <= Self.maxWordLength else {
            out.append(unknown)
            return
        }
        if let id = vocabulary[word] {
            out.append(id)
            return
        }  // most words are whole pieces
        let scalars = Array(word.unicodeScalars)
        var pieces: [Int32] = []
        var start = 0
        while start < scalars.count {
            var end = scalars.count
            var found: Int32?
            while start < end {
                var piece = String(String.UnicodeScalarView(scalars[start..<end]))
                if start > 0 { piece = "##" + piece }
                if let id = vocabulary[piece] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                out.append(unknown)
                return
            }
            pieces.append(id)
            start = end
        }
        out.append(contentsOf: pieces)
    }

    // MARK: character classes (as BERT defines them)

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c.properties.generalCategory == .spaceSeparator
    }

    static func isControl(_ c: Unicode.Scalar) -> Bool {
        if c == "\t" || c == "\n" || c == "\r" { return false }
        switch c.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    static func isCJK(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}

/// A tokenizer that cannot be built, and why.
public struct TokenizerError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
