import Answering
import Customers
import Embeddings
import Engine
import Foundation
import Knowledge
import QualityScoring
import Records

/// QA review of the bot's own answers: each answer as sent is scored against its citations, the
/// score kept, and a flagged answer queued for review.
extension ServiceDesk {
    /// Scores a bot answer as sent and queues it for review when the scorer flags it.
    public func reviewIfFlagged(_ response: AnswerResponse) throws {
        if let report = try qaReport(for: response) { try recordReview(report, for: response) }
    }

    /// The QA report of a bot answer as sent, read from its text, or nil for a reply that is not an
    /// answer. On the hot path the embedder's similarity is used only when it is lightweight (the
    /// built-in one).
    public func qaReport(for response: AnswerResponse) throws -> QualityReport? {
        guard response.status == .answered else { return nil }
        // An archived response does not carry its question: `qaReport(for:sent:)` scores relevance.
        return try scorer().score(AnswerToScore(id: response.id, text: response.text, citations: response.citations))
    }

    /// The QA report of an answer the engine composed, scored as its sentences (sentence `i` names
    /// citation `i + 1`, as the message shows them; the note on unanswered parts names none)
    /// instead of rendered to text and read back, and against `question` for relevance when given
    /// (a follow-up's words alone do not say what it asks); nil when it is not an answer. The
    /// greeting and a closing offer frame the answer and state nothing from the documents: they
    /// are not scored.
    public func qaReport(
        for answer: GroundedAnswer, sent response: AnswerResponse, question: String? = nil
    ) throws -> QualityReport? {
        guard answer.status == .answered, response.status == .answered else { return nil }
        let sentences =
            answer.sentences.enumerated().map { ClaimedSentence(text: $1.readableText, markers: [$0 + 1]) }
            + [answer.unansweredNote].compactMap { $0 }.map { ClaimedSentence(text: $0, markers: []) }
        return try scorer().score(
            id: response.id, sentences: sentences, citations: response.citations, question: question)
    }

    private func scorer() throws -> QualityScorer {
        try QualityScorer(knowledge: engine.knowledge, useEmbeddings: engine.knowledge.embedder.isLightweight)
    }

    /// Keeps an answer's QA score, and queues it for review when flagged.
    public func recordReview(_ report: QualityReport, for response: AnswerResponse) throws {
        metrics.recordQAScore(report.score)
        if let score = report.score { try store.answers.saveQAScore(answerID: response.id, score: score) }
        if report.flaggedForReview {
            try store.answers.flagForReview(answerID: response.id, score: report.score, reasons: report.notes)
        }
    }
}
