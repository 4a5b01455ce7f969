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
        guard c.start >= 0, c.start <= c.end, c.end <= document.text.count else {
            return "span [\(c.start), \(c.end)) lies outside the document's \(document.text.count) characters"
        }
        let actual = document.text.slice(c.start..<c.end)
        guard actual == c.quote else { return "the source at [\(c.start), \(c.end)) reads \"\(actual.prefix(80))\", not the quote" }
        return nil
    }

    public func verify(_ c: Citation) -> Bool { problem(with: c) == nil }
}
