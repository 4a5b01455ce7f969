import GroundedCore
import Knowledge

/// Checks citations against the knowledge base: the document and version exist, the span lies
/// inside the text, and the text at the span equals the quote.
public struct CitationVerifier: Sendable {
    public let knowledge: KnowledgeBase

    public init(knowledge: KnowledgeBase) { self.knowledge = knowledge }

    /// Why a citation fails, or nil when it holds.
    public func problem(with c: Citation) -> String? {
        guard let document = knowledge.document(id: c.documentID, version: c.version) else {
            return "document \(c.documentID) version \(c.version) is not in the knowledge base"
        }
        if case .changed = document.integrity { return Self.damaged(c.documentID, c.version).message }
        guard c.start >= 0, c.start <= c.end, c.end <= document.text.count else {
            return "span [\(c.start), \(c.end)) lies outside the document's \(document.text.count) characters"
        }
        let actual = document.text.slice(c.start..<c.end)
        guard actual == c.quote else {
            return "the source at [\(c.start), \(c.end)) reads \"\(actual.prefix(80))\", not the quote"
        }
        return nil
    }

    /// Whether a new answer may give the citation: it holds, and its version is live.
    public func verify(_ c: Citation) -> Bool { problem(with: c) == nil && !isRetired(c) }

    /// Whether the citation names a version no longer in the corpus (kept only to check old answers).
    func isRetired(_ c: Citation) -> Bool {
        knowledge.document(id: c.documentID, version: c.version)?.retiredRun != nil
    }

    /// Checks a citation a new answer would give, once: true when it holds and its version is
    /// live, false when its source does not read as quoted (the caller drops it).
    /// - Throws: `KnowledgeError` when the document's text no longer matches the SHA-256 stored at
    ///   ingest: nothing from it may be cited, and re-ingesting restores it.
    public func verified(_ c: Citation) throws -> Bool {
        if let document = knowledge.document(id: c.documentID, version: c.version), case .changed = document.integrity {
            throw Self.damaged(c.documentID, c.version)
        }
        return verify(c)
    }

    static func damaged(_ id: String, _ version: String) -> KnowledgeError {
        KnowledgeError(
            "the stored text of document \(id) version \(version) changed after it was ingested (its SHA-256 no longer "
                + "matches): nothing from it is cited; ingest the corpus again to restore it")
    }
}
