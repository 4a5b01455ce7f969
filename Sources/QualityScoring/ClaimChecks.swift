import Foundation

/// The lexical checks of a claim against a span: numbers and negation.
enum ClaimChecks {
    private static let number = try! NSRegularExpression(pattern: #"\d+(?:[.,]\d+)*"#)

    /// Numbers in `text`, normalised: thousands separators dropped, trailing `.0…` removed.
    static func numbers(_ text: String) -> Set<String> {
        let ns = text as NSString
        return Set(
            number.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m -> String in
                var n = ns.substring(with: m.range)
                // "1,000" is one thousand; "1,5" stays as written.
                if n.range(of: #"^\d{1,3}(,\d{3})+(\.\d+)?$"#, options: .regularExpression) != nil {
                    n = n.replacingOccurrences(of: ",", with: "")
                }
                if let dot = n.firstIndex(of: "."), n[n.index(after: dot)...].allSatisfy({ $0 == "0" }) {
                    n = String(n[..<dot])
                }
                return n
            })
    }

    static let negationWords: Set<String> = [
        "not", "no", "never", "cannot", "without", "none", "nor", "neither", "nothing", "nobody",
    ]

    /// How many negation cues `text` has ("not", "no", "never", "-n't", …).
    static func negations(_ text: String) -> Int {
        let words = text.lowercased().replacingOccurrences(of: "’", with: "'")
            .split(whereSeparator: { !$0.isLetter && $0 != "'" })
        return words.filter { negationWords.contains(String($0)) || $0.hasSuffix("n't") }.count
    }

    private static let markers = try! NSRegularExpression(pattern: #"\[\d+(?:\s*,\s*\d+)*\]"#)

    /// `text` lowercased, without citation markers, runs of white space as one space, and no
    /// punctuation at either end: for telling whether a claim is a verbatim quote.
    static func normalized(_ text: String) -> String {
        let ns = text as NSString
        let unmarked = markers.stringByReplacingMatches(
            in: text, range: NSRange(location: 0, length: ns.length), withTemplate: " ")
        return unmarked.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
    }
}
