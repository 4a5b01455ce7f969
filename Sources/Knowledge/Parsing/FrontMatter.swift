import Foundation
import GroundedCore

/// Reads the `---`-fenced `key: value` block at the start of a document.
///
/// ```
/// ---
/// id: refund-policy
/// title: Refund policy
/// version: 2
/// effective: 2025-03-01
/// ---
/// ```
public enum FrontMatter {
    /// The parsed fields and the scalar offset where the body starts.
    public struct Parsed: Sendable {
        public var fields: [String: String]
        public var bodyStart: Int
    }

    /// - Throws: `DocumentError` when the block is missing, unterminated or has a malformed line.
    public static func parse(_ text: SourceText) throws -> Parsed {
        let lines = Lines(text)
        guard let first = lines.first, text.slice(first.content).trimmingCharacters(in: .whitespaces) == "---" else {
            throw DocumentError.frontMatter(
                "missing: a document must start with a `---` line, then `id:`, `title:` and `version:` lines, then "
                    + "`---`"
            )
        }
        var fields: [String: String] = [:]
        var index = 1
        while index < lines.count {
            let line = lines[index]
            let content = text.slice(line.content)
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            if trimmed == "---" {
                return Parsed(fields: fields, bodyStart: line.end)
            }
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                index += 1
                continue
            }
            guard let colon = content.firstIndex(of: ":") else {
                throw DocumentError.frontMatter("line \(index + 1) `\(trimmed.prefix(60))` is not `key: value`")
            }
            let key = content[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            var value = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                value = String(value.dropFirst().dropLast())
            }
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw DocumentError.frontMatter("line \(index + 1) has an invalid key `\(key)`")
            }
            guard fields[key] == nil else { throw DocumentError.frontMatter("key `\(key)` appears twice") }
            fields[key] = value
            index += 1
        }
        throw DocumentError.frontMatter("unterminated: no closing `---` line")
    }

    /// Validates the fields and turns them into metadata.
    /// - Throws: `DocumentError` naming a missing or invalid field.
    public static func metadata(from fields: [String: String]) throws -> DocumentMetadata {
        func required(_ key: String) throws -> String {
            guard let v = fields[key], !v.isEmpty else {
                throw DocumentError.frontMatter("`\(key):` is missing or empty")
            }
            return v
        }
        let id = try required("id")
        guard !id.contains("@"), !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw DocumentError.frontMatter("`id: \(id)` may not contain `@` or control characters")
        }
        var m = DocumentMetadata(id: id, title: try required("title"), version: try required("version"))
        if let v = fields["type"] { m.type = v }
        if let v = fields["product"] { m.product = v }
        if let v = fields["locale"] { m.locale = v }
        if let v = fields["audience"] {
            guard let a = DocumentMetadata.Audience(rawValue: v.lowercased()) else {
                throw DocumentError.frontMatter("`audience: \(v)` must be `public` or `internal`")
            }
            m.audience = a
        }
        if let v = fields["effective"] {
            guard EffectiveDate.isValid(v) else {
                throw DocumentError.frontMatter("`effective: \(v)` is not a YYYY-MM-DD date")
            }
            m.effective = v
        }
        let known: Set = ["id", "title", "version", "type", "product", "locale", "audience", "effective"]
        m.extra = fields.filter { !known.contains($0.key) }
        return m
    }
}

/// `YYYY-MM-DD` dates, compared as strings (which orders them correctly).
public enum EffectiveDate {
    public static func isValid(_ s: String) -> Bool {
        let parts = s.split(separator: "-")
        guard s.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return false }
        return y >= 1900 && (1...12).contains(m) && (1...31).contains(d)
    }

    /// Today in UTC as `YYYY-MM-DD`.
    public static func today() -> String {
        let days = Int(Date.now.timeIntervalSince1970) / 86_400
        // Civil-from-days (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))"
    }
}
