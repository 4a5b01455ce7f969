import Customers
import Foundation
import Hummingbird
import QualityScoring

/// `POST /v1/qa/score` (any answer scored against its citations) and `GET /v1/qa/reviews` (bot
/// answers the scorer flagged).
extension GroundedService {
    /// The most citations one scoring request may carry.
    static let maxScoredCitations = 100

    func addQARoutes(to router: Router<GroundedRequestContext>) {
        router.post("/v1/qa/score") { [self] request, _ -> QualityReport in
            let answer = try await decodeJSON(AnswerToScore.self, from: request)
            guard !answer.text.isEmpty, answer.text.count <= configuration.maxMessageCharacters * 4 else {
                throw APIError.badRequest(
                    "text must hold 1 to \(configuration.maxMessageCharacters * 4) characters, not \(answer.text.count)"
                )
            }
            guard answer.citations.count <= Self.maxScoredCitations else {
                throw APIError.badRequest(
                    "citations: at most \(Self.maxScoredCitations), not \(answer.citations.count)")
            }
            let report = try await offload {
                do { return try QualityScorer(knowledge: self.engine.knowledge).score(answer) } catch let e
                    as QualityScoringError
                {
                    throw APIError.badRequest(e.message)
                }
            }
            metrics.recordQAScore(report.score)
            return report
        }
        router.get("/v1/qa/reviews") { [self] _, _ -> ReviewList in
            ReviewList(reviews: try store.reviews())
        }
    }

    /// Scores a bot answer as sent and queues it for review when the scorer flags it.
    func reviewIfFlagged(_ response: AnswerResponse) throws {
        if let report = try qaReport(for: response) { try recordReview(report, for: response) }
    }

    /// The QA report of a bot answer as sent, or nil for a reply that is not an answer. On the hot
    /// path the embedder's similarity is used only when it is lightweight (the built-in one).
    func qaReport(for response: AnswerResponse) throws -> QualityReport? {
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
    func recordReview(_ report: QualityReport, for response: AnswerResponse) throws {
        metrics.recordQAScore(report.score)
        if let score = report.score { try store.saveQAScore(answerID: response.id, score: score) }
        if report.flaggedForReview {
            try store.flagForReview(answerID: response.id, score: report.score, reasons: report.notes)
        }
    }
}

/// The open review queue.
struct ReviewList: ResponseEncodable {
    let reviews: [ReviewItem]
}

extension QualityReport: ResponseEncodable {}
