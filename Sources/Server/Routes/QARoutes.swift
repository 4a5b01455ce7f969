import Customers
import Engine
import Foundation
import Hummingbird
import QualityScoring
import Records

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
            ReviewList(reviews: try store.answers.reviews())
        }
    }
}

/// The open review queue.
struct ReviewList: ResponseEncodable {
    let reviews: [ReviewItem]
}

extension QualityReport: ResponseEncodable {}
