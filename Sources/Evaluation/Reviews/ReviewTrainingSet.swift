import Engine
import Foundation
import GroundedCore

/// Resolved reviews made into training data against the knowledge base they cite: an answer a
/// reviewer found correct becomes a labelled question (its lead citation the gold span), one
/// found incorrect or harmful an answer the engine should not give again. Reviews that cannot be
/// used are kept with the reason, for the report.
public struct ReviewTrainingSet: Sendable {
    /// An answer a reviewer rejected: the question and the spans it wrongly cited.
    public struct Rejected: Sendable {
        public var question: String
        public var citations: [Citation]
        /// How many negative examples it counts as (`harmfulWeight` for harmful answers).
        public var weight: Int
    }

    /// The engine over the knowledge base the reviewed answers cite.
    public let engine: GroundedEngine
    public let correct: [Doc2DialQuestion]
    public let rejected: [Rejected]
    /// Reviews left out: the answer id and why.
    public let skipped: [(answerID: String, reason: String)]

    /// A harmful answer counts as this many incorrect ones. Default 3, set by hand: a harm should
    /// move the decline threshold more than a miss, and not so much that one review dominates.
    public static let harmfulWeight = 3

    /// - Parameter engine: an engine over the documents the reviews cite (their text must be the
    ///   text the answers quoted).
    public init(reviews: [ReviewedAnswer], engine: GroundedEngine) {
        self.engine = engine
        var correct: [Doc2DialQuestion] = []
        var rejected: [Rejected] = []
        var skipped: [(String, String)] = []
        for r in reviews {
            guard r.answer.status == "answered", !r.answer.citations.isEmpty else {
                skipped.append((r.answerID, "not an answer (\(r.answer.status)): nothing to learn from"))
                continue
            }
            if let stale = r.answer.citations.first(where: { !Self.inForce($0, engine.knowledge) }) {
                skipped.append(
                    (
                        r.answerID,
                        "\(stale.documentID)@\(stale.version)[\(stale.start), \(stale.end)) no longer reads as quoted: "
                            + "review the answer again on this build"
                    ))
                continue
            }
            switch r.verdict {
            case .correct:
                let lead = r.answer.citations[0]
                correct.append(
                    Doc2DialQuestion(
                        id: "review-\(r.answerID)", documentID: lead.documentID, question: r.question,
                        answer: .init(text: lead.quote, start: lead.start, end: lead.end)))
            case .incorrect, .harmful:
                rejected.append(
                    Rejected(
                        question: r.question, citations: r.answer.citations,
                        weight: r.verdict == .harmful ? Self.harmfulWeight : 1))
            }
        }
        self.correct = correct
        self.rejected = rejected
        self.skipped = skipped
    }

    /// Whether the citation's span reads as quoted in the version it cites (the latest when it
    /// names none).
    static func inForce(_ c: Citation, _ knowledge: KnowledgeBase) -> Bool {
        guard let document = knowledge.document(id: c.documentID, version: c.version.isEmpty ? nil : c.version),
            c.start >= 0, c.start < c.end,
            c.end <= document.text.count
        else { return false }
        return document.text.slice(c.start..<c.end) == c.quote
    }
}
