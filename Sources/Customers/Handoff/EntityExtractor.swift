import Foundation
import Records

/// Finds what an agent will need to look up in a conversation: order and ticket numbers, dates,
/// amounts of money, emails and phone numbers.
///
/// Thread safety: a value; use it anywhere.
public struct EntityExtractor: Sendable {
    /// One thing mentioned, with what kind it is.
    public typealias Entity = MentionedEntity

    public init() {}

    static let patterns: [(kind: String, regex: String)] = [
        (
            "amount",
            #"(?:[$€£]\s?\d[\d,]*(?:\.\d{2})?|\b\d[\d,]*(?:\.\d{2})?\s?(?:dollars|euros|pounds|usd|eur|gbp)\b)"#
        ),
        (
            "date",
            #"""
            \b(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\#
            (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?)\b
            """#
        ),
        ("email", #"\b[\w.+-]+@[\w-]+\.[\w.-]+\b"#),
        // After a keyword, only the identifier is kept (its first capture group).
        (
            "order",
            #"""
            (?:#\s?\d{4,}|\b(?:order|ticket|case|invoice|tracking)(?: number| no\.?| \#
            #)?:?\s*([A-Z]*-?\d[A-Z0-9-]{2,})\b|\b[A-Z]{1,4}-\d{3,}\b)
            """#
        ),
        ("phone", #"(?:\+\d[\d ()-]{7,}\d|\b\d{3}[ .-]\d{3}[ .-]\d{4}\b)"#),
    ]

    /// Everything mentioned in `text`, in the order of `patterns` and then of appearance.
    public func entities(in text: String) -> [Entity] {
        var out: [Entity] = []
        var taken: [Range<String.Index>] = []
        for (kind, pattern) in Self.patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { continue }
            for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let whole = Range(m.range, in: text), !taken.contains(where: { $0.overlaps(whole) }) else {
                    continue
                }
                taken.append(whole)
                let r = m.numberOfRanges > 1 ? Range(m.range(at: 1), in: text) ?? whole : whole
                out.append(Entity(kind: kind, text: String(text[r]).trimmingCharacters(in: .whitespaces)))
            }
        }
        return out
    }
}
