import GroundedCore

/// Something in an ingested document a knowledge manager should read before customers get
/// answers from it. The document is ingested all the same; the warning says where to look.
public struct IngestWarning: Sendable, Codable, Hashable, CustomStringConvertible {
    public var documentID: String
    public var version: String
    /// `instruction`: a sentence that addresses the reader as a system ("ignore previous
    /// instructions", "you are now…") rather than informing a customer.
    public var kind: String
    /// Where in the document's text, in Unicode scalars, and what it says (at most 200 characters).
    public var start: Int
    public var end: Int
    public var excerpt: String

    public var description: String {
        "\(documentID)@\(version) [\(start), \(end)): reads as an instruction to a system, not to a customer: "
            + "\"\(excerpt)\""
    }
}

/// Finds sentences that address the reader as a system: prompt-injection phrasing that has no
/// place in policy or product documents, planted or pasted by mistake.
///
/// Thread safety: a value.
public struct InstructionScanner: Sendable {
    public init() {}

    /// Each phrase, lower-cased, with `.*` nowhere: plain word sequences, so a match is explainable.
    /// (Computed: a `Regex` is not `Sendable`, so it cannot be a shared constant.)
    static var patterns: [Regex<Substring>] {
        [
            #/
            \b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+)?
            (?:previous|prior|above|earlier|preceding|original|system)\s+
            (?:instructions?|prompts?|rules|directions|guidelines|messages)
            /#,
            /\byou\s+are\s+now\b/,
            /\bfrom\s+now\s+on,?\s+you\s+(?:are|will|must|should)\b/,
            /\b(?:system|developer)\s+prompt\b/,
            /\bnew\s+instructions?\s*:/,
            /\bpretend\s+(?:to\s+be|you\s+are)\b/,
            /\b(?:reveal|print|repeat|show)\s+(?:your|the)\s+(?:hidden\s+|system\s+)?(?:instructions|prompt)\b/,
            /\bas\s+an\s+ai(?:\s+language)?\s+model\b/,
            /\bdo\s+not\s+follow\s+(?:your|the)\s+(?:previous|original|earlier)\b/,
        ]
    }

    /// The warnings for one document: one per sentence (line or block) with a match.
    public func warnings(in document: SourceDocument) -> [IngestWarning] {
        let text = document.text.string
        let lower = text.lowercased()
        // Lower-casing can change lengths outside ASCII; then scan the original text only.
        let haystack = lower.unicodeScalars.count == text.unicodeScalars.count ? lower : text
        var seen = Set<Int>()
        var out: [IngestWarning] = []
        for pattern in Self.patterns {
            for match in haystack.matches(of: pattern) {
                let at = haystack.unicodeScalars.distance(
                    from: haystack.unicodeScalars.startIndex, to: match.range.lowerBound)
                let sentence = Self.sentence(around: at, in: document.text)
                guard seen.insert(sentence.start).inserted else { continue }
                out.append(
                    IngestWarning(
                        documentID: document.metadata.id, version: document.metadata.version, kind: "instruction",
                        start: sentence.start, end: sentence.end,
                        excerpt: String(document.text.slice(sentence).prefix(200))))
            }
        }
        return out.sorted { $0.start < $1.start }
    }

    /// The sentence holding scalar `at`: from after the last `.`, `!`, `?` or newline before it to
    /// the next one (inclusive).
    static func sentence(around at: Int, in text: SourceText) -> TextSpan {
        let s = text.scalars
        func ends(_ c: Unicode.Scalar) -> Bool { c == "." || c == "!" || c == "?" || c == "\n" }
        var start = at
        while start > 0, !ends(s[start - 1]) { start -= 1 }
        while start < at, s[start].properties.isWhitespace { start += 1 }
        var end = at
        while end < s.count, !ends(s[end]) { end += 1 }
        if end < s.count, s[end] != "\n" { end += 1 }
        return TextSpan(start: start, end: end)
    }
}
