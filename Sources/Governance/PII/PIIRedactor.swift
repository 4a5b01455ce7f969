import Foundation

/// Finds personal data in free text — emails, phone numbers, payment card numbers (Luhn-checked),
/// national ids (US SSN, UK National Insurance), IBANs (mod-97-checked), street addresses and UK
/// postcodes — and replaces it with its kind in brackets (`[email]`), for logs, audit records,
/// summaries and anything sent outside. Patterns, not a model: each finding can be pointed at.
///
/// Order numbers, amounts, dates and times are left alone (tested). A bare run of ten or more
/// digits is taken for a phone number: over-redacting a reference number in a log costs less
/// than leaking a phone number.
/// Thread safety: a value; use it anywhere.
public struct PIIRedactor: Sendable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case email, card, iban
        case nationalID = "national-id"
        case phone, address, postcode
    }

    /// One piece of personal data: its kind and where it is (a range of `text`'s characters).
    public struct Finding: Sendable, Hashable {
        public let kind: Kind
        public let text: String
        public let range: Range<String.Index>
    }

    public init() {}

    /// Checked in this order; a later kind never claims text an earlier one found.
    private static let sources: [(Kind, String)] = [
        (.email, #"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#),
        (.card, #"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])"#),
        (.iban, #"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b"#),
        (.nationalID, #"\b\d{3}-\d{2}-\d{4}\b|\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"#),
        (.phone, #"(?<![\w-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){2,4}(?![\w-])"#),
        (
            .address,
            #"""
            \b\d{1,5} (?:[A-Z][a-z]+ \#
            ){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|\#
            Terrace|Close|Crescent)\b\.?
            """#
        ),
        (.postcode, #"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b"#),
    ]
    private static let patterns: [(Kind, NSRegularExpression)] = sources.map {
        ($0.0, try! NSRegularExpression(pattern: $0.1))
    }

    /// The prefixes of the service's own ids (`ServiceStore.makeID`, API key ids): a token that
    /// starts with one is an id, never personal data, whatever digits it holds.
    public static let idPrefixes = ["ans", "conv", "cus", "fbk", "hof", "out", "pol", "rte", "sug", "gk"]
    private static let ids = try! NSRegularExpression(
        pattern: #"(?<![A-Za-z0-9_])(?:"# + idPrefixes.joined(separator: "|")
            + #")_[A-Za-z0-9_]+"#)

    /// Every piece of personal data in `text`, in order.
    public func find(_ text: String) -> [Finding] {
        // Every pattern needs a digit, and an email an "@": text with neither (most questions) has
        // nothing to find, and no expression need run.
        var hasDigit = false
        var hasAt = false
        for c in text.unicodeScalars {
            if c.isASCII {
                if c.value >= 48 && c.value <= 57 { hasDigit = true } else if c == "@" { hasAt = true }
            } else if c.properties.numericType != nil {
                hasDigit = true
            }
            if hasDigit && hasAt { break }
        }
        guard hasDigit || hasAt else { return [] }
        let whole = NSRange(text.startIndex..., in: text)
        // Our own ids are claimed first, so no pattern cuts one (`sug_b987c626491647548606`).
        var claimed: [Range<String.Index>] = Self.ids.matches(in: text, range: whole).compactMap {
            Range($0.range, in: text)
        }
        var out: [Finding] = []
        for (kind, expression) in Self.patterns where kind == .email ? hasAt : hasDigit {
            for match in expression.matches(in: text, range: whole) {
                guard let range = Range(match.range, in: text), !claimed.contains(where: { $0.overlaps(range) }) else {
                    continue
                }
                let found = String(text[range])
                guard Self.accepts(kind, found) else { continue }
                claimed.append(range)
                out.append(Finding(kind: kind, text: found, range: range))
            }
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// `text` with every finding replaced by `[kind]`.
    public func redact(_ text: String) -> String {
        var out = text
        for finding in find(text).reversed() { out.replaceSubrange(finding.range, with: "[\(finding.kind.rawValue)]") }
        return out
    }

    /// `text` as it may be stored: every finding replaced by `[kind]`, except that a card number
    /// keeps its last four digits (`[card ending 1111]`), which is what a person needs to tell
    /// two cards apart and what card rules allow to be kept.
    public func redactForStorage(_ text: String) -> String {
        var out = text
        for finding in find(text).reversed() {
            let replacement =
                finding.kind == .card
                ? "[card ending \(String(finding.text.filter(\.isNumber).suffix(4)))]" : "[\(finding.kind.rawValue)]"
            out.replaceSubrange(finding.range, with: replacement)
        }
        return out
    }

    /// The checks a pattern cannot make: card numbers pass Luhn, IBANs pass mod 97, phone
    /// numbers have 7 to 15 digits and are not dates or times.
    static func accepts(_ kind: Kind, _ text: String) -> Bool {
        let digits = text.filter(\.isNumber)
        switch kind {
        case .card: return (13...19).contains(digits.count) && luhn(digits)
        case .iban: return mod97(text.replacingOccurrences(of: " ", with: ""))
        case .phone:
            guard (7...15).contains(digits.count) else { return false }
            // 2026-11-20, 20.11.2026, 10:30 are dates and times, not numbers to call.
            if text.range(
                of: #"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$"#, options: .regularExpression)
                != nil
            {
                return false
            }
            return text.hasPrefix("+") || text.contains(" ") || text.contains("-") || text.contains("(")
                || text.contains(".") || digits.count >= 10
        default: return true
        }
    }

    /// The Luhn checksum of a digit string.
    static func luhn(_ digits: String) -> Bool {
        var sum = 0
        for (i, c) in digits.reversed().enumerated() {
            guard var d = c.wholeNumberValue else { return false }
            if i % 2 == 1 {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
        }
        return sum % 10 == 0
    }

    /// The IBAN check: the first four characters moved to the end, letters as 10–35, mod 97 is 1.
    static func mod97(_ iban: String) -> Bool {
        guard iban.count >= 15 else { return false }
        let rearranged = iban.dropFirst(4) + iban.prefix(4)
        var remainder = 0
        for c in rearranged {
            if let d = c.wholeNumberValue {
                remainder = (remainder * 10 + d) % 97
            } else if let a = c.asciiValue, (65...90).contains(a) {
                remainder = (remainder * 100 + Int(a) - 55) % 97
            } else {
                return false
            }
        }
        return remainder == 1
    }
}
