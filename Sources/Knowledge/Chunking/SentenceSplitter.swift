import GroundedCore

/// Splits a span of text into sentence spans: at `.`, `!` or `?` (and any closing quotes or
/// brackets) followed by white space and a capital, digit, quote or bracket — unless the word
/// before the full stop is a known abbreviation or a single letter ("e.g.", "U.S.") — and at
/// blank lines. Returned spans are trimmed and tile the input apart from white space.
public enum SentenceSplitter {
    static let abbreviations: Set<String> = [
        "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "st", "no", "vs", "approx", "inc", "ltd", "co",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "est",
    ]

    public static func split(_ text: SourceText, _ span: TextSpan) -> [TextSpan] {
        let s = text.scalars
        var out: [TextSpan] = []
        var start = span.start
        var i = span.start
        func emit(_ end: Int) {
            let t = text.trimmed(TextSpan(start: start, end: end))
            if !t.isEmpty { out.append(t) }
        }
        while i < span.end {
            let c = s[i]
            if c == "\n" {
                // Blank line: a hard boundary.
                var j = i + 1
                while j < span.end, s[j] == " " || s[j] == "\t" || s[j] == "\r" { j += 1 }
                if j < span.end, s[j] == "\n" {
                    emit(i)
                    start = j
                    i = j
                    continue
                }
            }
            if c == "." || c == "!" || c == "?" {
                var j = i + 1
                while j < span.end, "\"'’”)]".unicodeScalars.contains(s[j]) { j += 1 }
                guard j < span.end, s[j].properties.isWhitespace else {
                    i += 1
                    continue
                }
                var k = j
                while k < span.end, s[k].properties.isWhitespace { k += 1 }
                guard k < span.end else { break }
                let next = s[k]
                let startsSentence =
                    next.properties.isUppercase || (next.value >= 48 && next.value <= 57)
                    || "\"'‘“([*•-".unicodeScalars.contains(next)
                if startsSentence, !(c == "." && isAbbreviation(before: i, in: s, from: span.start)) {
                    emit(j)
                    start = k
                    i = k
                    continue
                }
            }
            i += 1
        }
        emit(span.end)
        return out
    }

    /// Whether the word ending at the full stop at `dot` is an abbreviation or an initial.
    static func isAbbreviation(before dot: Int, in s: [Unicode.Scalar], from lower: Int) -> Bool {
        var b = dot
        while b > lower, s[b - 1].properties.isAlphabetic || s[b - 1] == "." { b -= 1 }
        let word = String(String.UnicodeScalarView(s[b..<dot])).lowercased()
        if word.isEmpty { return false }
        if word.count == 1 { return true }  // initials: "J. Smith"
        if word.contains(".") { return true }  // "U.S", "e.g"
        return abbreviations.contains(word)
    }
}
