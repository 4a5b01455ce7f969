import Customers
import Embeddings
import Engine
import Foundation
import Knowledge
import QualityScoring

/// QA review of the bot's own answers: each answer as sent is scored against its citations, the
/// score kept, and a flagged answer queued for review.
extension ServiceDesk {
    /// Scores a bot answer as sent and queues it for review when the scorer flags it.
    public func reviewIfFlagged(_ response: AnswerResponse) throws {
        if let report = try qaReport(for: response) { try recordReview(report, for: response) }
    }

    /// The QA report of a bot answer as sent, or nil for a reply that is not an answer. On the hot
    /// path the embedder's similarity is used only when it is lightweight (the built-in one).
    public func qaReport(for response: AnswerResponse) throws -> QualityReport? {
        guard response.status == .answered else { return nil }
        let scorer = try QualityScorer(
            knowledge: engine.knowledge, useEmbeddings: engine.knowledge.embedder.isLightweight)
        return try scorer.score(
            AnswerToScore(
                id: response.id, text: response.text,
                citations: response.citations.map {
                    CitedSpan(
                        number: $0.number, documentID: $0.documentID, version: $0.version, start: $0.start, end: $0.end,
                        quote: $0.quote)
                }))
    }

    /// Keeps an answer's QA score, and queues it for review when flagged.
    public func recordReview(_ report: QualityReport, for response: AnswerResponse) throws {
        metrics.recordQAScore(report.score)
        if let score = report.score { try store.saveQAScore(answerID: response.id, score: score) }
        if report.flaggedForReview {
            try store.flagForReview(answerID: response.id, score: report.score, reasons: report.notes)
        }
    }
}
