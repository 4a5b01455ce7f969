import GroundedCore

/// The words a knowledge base's documents use, with how often, for reading what customers type
/// against it: a misspelt word is corrected to a word of the documents one edit away
/// (`correction(for:)`).
///
/// Words are lowercased runs of letters and digits with accents folded, as `TextAnalyzer` reads
/// them, neither stemmed nor stop-word filtered ("Wi-Fi" is `wi` and `fi`).
///
/// Thread safety: an immutable value.
public struct Vocabulary: Sendable {
    /// How many times each word occurs.
    public let counts: [String: Int]
    /// Each word's one-deletion variants (and the word itself) → the words that have them:
    /// the symmetric-delete index that finds every word one edit from a query word without
    /// comparing against all of them.
    let variants: [String: [String]]

    /// How words are read: lowercased and accent-folded, neither stemmed nor filtered.
    public static let reader = TextAnalyzer(removesStopwords: false, stems: false)

    /// Words shorter than this are never corrected, nor offered as corrections: too many
    /// words are one edit from a three-letter word.
    public static let minimumCorrectable = 4

    /// The vocabulary of `texts`.
    public init(texts: some Sequence<String>) {
        var counts: [String: Int] = [:]
        for text in texts {
            for word in Self.reader.terms(text) { counts[word, default: 0] += 1 }
        }
        var variants: [String: [String]] = [:]
        for word in counts.keys.sorted() where word.count >= Self.minimumCorrectable && word.contains(where: \.isLetter)
        {
            for v in Self.deletions(of: word) { variants[v, default: []].append(word) }
        }
        self.counts = counts
        self.variants = variants
    }

    /// Whether the documents use `word` (lowercased).
    public func contains(_ word: String) -> Bool { counts[word] != nil }

    /// `word` and every string one character shorter.
    static func deletions(of word: String) -> Set<String> {
        let chars = Array(word)
        var out: Set<String> = [word]
        for i in chars.indices {
            var c = chars
            c.remove(at: i)
            out.insert(String(c))
        }
        return out
    }
}
