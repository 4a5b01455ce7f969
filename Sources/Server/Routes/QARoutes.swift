import Customers
import Engine
import Foundation
import Governance
import Hummingbird
import QualityScoring
import Records
import ServiceDesk

/// `POST /v1/qa/score` (any answer scored against its citations), `GET /v1/qa/reviews` (bot
/// answers the scorer flagged, by state), `POST /v1/qa/reviews/{id}/assign` and `…/resolve` (the
/// level-2 queue) and `GET /v1/qa/reviews/export` (resolved reviews as labelled examples).
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
        router.get("/v1/qa/reviews") { [self] request, _ -> ReviewList in
            let state = request.uri.queryParameters["state"].map(String.init) ?? "open"
            guard ["open", "assigned", "resolved"].contains(state) else {
                throw APIError.badRequest(
                    "query parameter state: open, assigned or resolved, not `\(state.prefix(40))`")
            }
            return ReviewList(reviews: try store.answers.reviews(state: state))
        }
        router.post("/v1/qa/reviews/:id/assign") { [self] request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await decodeJSON(AssignReview.self, from: request)
            let actor = try Self.caller(context).person
            return try Self.json(
                try await offload { [desk] in try desk.assignReview(id, to: body.reviewer, by: actor) })
        }
        router.post("/v1/qa/reviews/:id/resolve") { [self] request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await decodeJSON(ResolveReview.self, from: request)
            let reviewer = try Self.caller(context).person
            return try Self.json(
                try await offload { [desk] in
                    try desk.resolveReview(id, verdict: body.verdict, note: body.note ?? "", by: reviewer)
                })
        }
        // Resolved reviews as labelled examples, one JSON object per line.
        router.get("/v1/qa/reviews/export") { [self] _, _ -> Response in
            let examples = try await offload { [desk] in try desk.reviewExamples() }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let lines = try examples.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
            return Response(
                status: .ok, headers: [.contentType: "application/x-ndjson; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: lines)))
        }
    }

    struct AssignReview: Decodable, Sendable { var reviewer: String }
    struct ResolveReview: Decodable, Sendable {
        var verdict: ReviewItem.Verdict
        var note: String?
    }
}

/// The open review queue.
struct ReviewList: ResponseEncodable {
    let reviews: [ReviewItem]
}

extension QualityReport: ResponseEncodable {}
