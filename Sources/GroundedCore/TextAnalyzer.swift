import Foundation

/// Turns text into index terms: words of letters and digits, lowercased, accents folded, English
/// stop words dropped, Porter-stemmed.
///
/// Used by both the lexical index and the built-in embedder so that they agree on what a term is.
/// Value type; thread-safe.
public struct TextAnalyzer: Sendable, Hashable {
    public var removesStopwords: Bool
    public var stems: Bool

    public init(removesStopwords: Bool = true, stems: Bool = true) {
        self.removesStopwords = removesStopwords
        self.stems = stems
    }

    /// A term and where its word stands in the text.
    public struct Token: Hashable, Sendable {
        public let term: String
        public let span: TextSpan
    }

    /// The terms of `text`, in order.
    public func terms(_ text: String) -> [String] {
        tokens(SourceText(text)).map(\.term)
    }

    /// The terms of `text[range]` with their spans (offsets into `text`).
    public func tokens(_ text: SourceText, in range: Range<Int>? = nil) -> [Token] {
        let r = range ?? 0..<text.count
        var out: [Token] = []
        var i = r.lowerBound
        let s = text.scalars
        while i < r.upperBound {
            guard Self.isWordScalar(s[i]) else {
                i += 1
                continue
            }
            let start = i
            while i < r.upperBound, Self.isWordScalar(s[i]) { i += 1 }
            if let term = normalize(s[start..<i]) {
                out.append(Token(term: term, span: TextSpan(start: start, end: i)))
            }
        }
        return out
    }

    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            let v = c.value
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
        }
        return c.properties.isAlphabetic || c.properties.numericType != nil
    }

    private func normalize(_ word: ArraySlice<Unicode.Scalar>) -> String? {
        var folded = String.UnicodeScalarView()
        for c in word {
            if c.isASCII {
                let v = c.value
                folded.append(v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : c)
            } else {
                // Canonical decomposition, then drop combining marks: "é" -> "e".
                for d in String(c).decomposedStringWithCanonicalMapping.lowercased().unicodeScalars
                where !d.properties.isDiacritic && d.properties.generalCategory != .nonspacingMark {
                    folded.append(d)
                }
            }
        }
        let word = String(folded)
        if word.isEmpty { return nil }
        if word.utf8.count == 1, !(word.first?.isNumber ?? false) { return nil }
        if removesStopwords, Stopwords.english.contains(word) { return nil }
        return stems ? StemMemo.shared.stem(word) : word
    }
}

/// English stop words: function words that carry no topic.
public enum Stopwords {
    public static let english: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as",
        "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
        "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further",
        "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his",
        "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my",
        "myself", "now", "of", "off", "on", "once", "only", "or", "other", "our",
        "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than",
        "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
        "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what",
        "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
        "yours", "yourself", "yourselves", "s", "t", "don", "doesn", "didn", "won", "ll", "ve", "re", "m",
        "d", "isn", "aren", "wasn", "weren", "hasn", "haven", "shouldn", "wouldn", "couldn", "also", "may", "might",
        "must", "shall", "us", "get", "got", "let", "one", "please", "thank",
        "thanks", "hi", "hello", "want", "need", "know", "tell", "like", "im", "ive",
    ]
}
