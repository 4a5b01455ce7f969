import Embeddings
import GroundedCore
import Knowledge

/// Reads what a customer typed against the documents' own words, before anything searches:
/// a word the documents never use is joined with the next word ("WPA 3" → `wpa3`), split at a
/// digit ("5GHz" → `5 ghz`) or into two document words ("anytime" → `any time`), or corrected
/// by one edit ("retrun" → `return`), in that order of preference; chat shorthand ("wen", "ur",
/// "pls") is read as the word it stands for first (one-letter words such as "u" are not words
/// to the analyzer, and stay as typed). A word the embedder's own
/// vocabulary knows is a real word and is not corrected; words of three letters or fewer never
/// are.
///
/// Thread safety: an immutable value.
public struct QueryNormalizer: Sendable {
    public let vocabulary: Vocabulary
    /// Whether a word is a real word though the documents do not use it (`Embedder.knowsWord`).
    public let isKnownWord: @Sendable (String) -> Bool

    public init(vocabulary: Vocabulary, isKnownWord: @escaping @Sendable (String) -> Bool = { _ in false }) {
        self.vocabulary = vocabulary
        self.isKnownWord = isKnownWord
    }

    /// The normalizer for a knowledge base: its vocabulary, its embedder's words.
    public init(knowledge: KnowledgeBase) {
        let embedder = knowledge.embedder
        self.init(vocabulary: knowledge.vocabulary, isKnownWord: { embedder.knowsWord($0) })
    }

    /// One rewrite: the words as typed and as read.
    public struct Rewrite: Sendable, Hashable, Codable {
        public var typed: String
        public var read: String

        public init(typed: String, read: String) {
            self.typed = typed
            self.read = read
        }
    }

    /// `text` with its unknown words rewritten, and the rewrites; `text` itself when nothing
    /// needed rewriting.
    public func normalize(_ text: String) -> (text: String, rewrites: [Rewrite]) {
        let source = SourceText(text)
        let tokens = Vocabulary.reader.tokens(source)
        var pieces: [(span: TextSpan, read: String)] = []
        var i = 0
        while i < tokens.count {
            let word = tokens[i].term
            defer { i += 1 }
            guard !vocabulary.contains(word) else { continue }
            if i + 1 < tokens.count, isSpaceOrHyphen(source, between: tokens[i], tokens[i + 1]),
                vocabulary.contains(word + tokens[i + 1].term)
            {
                pieces.append(
                    (TextSpan(start: tokens[i].span.start, end: tokens[i + 1].span.end), word + tokens[i + 1].term))
                i += 1
                continue
            }
            if let read = Self.shorthands[word] ?? digitSplit(word) ?? twoWords(word)
                ?? (isKnownWord(word) ? nil : vocabulary.correction(for: word))
            {
                pieces.append((tokens[i].span, read))
            }
        }
        guard !pieces.isEmpty else { return (text, []) }
        var out = String.UnicodeScalarView()
        var cursor = 0
        for p in pieces {
            out.append(contentsOf: source.scalars[cursor..<p.span.start])
            out.append(contentsOf: p.read.unicodeScalars)
            cursor = p.span.end
        }
        out.append(contentsOf: source.scalars[cursor...])
        return (String(out), pieces.map { Rewrite(typed: source.slice($0.span), read: $0.read) })
    }

    /// Chat and SMS shorthand customers type, read as the word it stands for (when the documents
    /// do not use the shorthand themselves).
    static let shorthands: [String: String] = [
        "ur": "your", "wen": "when", "wat": "what", "wht": "what", "hw": "how",
        "pls": "please", "plz": "please", "thx": "thanks", "cuz": "because", "bc": "because", "b4": "before",
        "msg": "message", "acct": "account", "pwd": "password", "pw": "password", "addr": "address",
        "ppl": "people", "smth": "something", "sth": "something", "rn": "right now", "asap": "as soon as possible",
    ]

    func isSpaceOrHyphen(_ s: SourceText, between a: TextAnalyzer.Token, _ b: TextAnalyzer.Token) -> Bool {
        s.scalars[a.span.end..<b.span.start].allSatisfy { $0 == " " || $0 == "-" }
    }

    /// "5ghz" → "5 ghz" when every run of letters is a document word.
    func digitSplit(_ word: String) -> String? {
        guard word.contains(where: \.isNumber), word.contains(where: \.isLetter) else { return nil }
        var runs: [String] = []
        for c in word {
            if let last = runs.last?.last, last.isNumber == c.isNumber {
                runs[runs.count - 1].append(c)
            } else {
                runs.append(String(c))
            }
        }
        guard runs.allSatisfy({ $0.first!.isNumber || vocabulary.contains($0) }) else { return nil }
        return runs.joined(separator: " ")
    }

    /// "wifi" → "wi fi": the split into two document words of at least two letters whose rarer
    /// word is the most frequent.
    func twoWords(_ word: String) -> String? {
        let chars = Array(word)
        guard chars.count >= Vocabulary.minimumCorrectable, chars.allSatisfy(\.isLetter) else { return nil }
        var best: (count: Int, split: String)?
        for cut in 2...(chars.count - 2) {
            let a = String(chars[..<cut])
            let b = String(chars[cut...])
            guard let x = vocabulary.counts[a], let y = vocabulary.counts[b] else { continue }
            if min(x, y) > best?.count ?? 0 { best = (min(x, y), a + " " + b) }
        }
        return best?.split
    }
}
