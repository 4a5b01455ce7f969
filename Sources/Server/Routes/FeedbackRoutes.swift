import Customers
import Foundation
import Governance
import Hummingbird
import Records
import Retrieval
import ServiceDesk

/// `POST /v1/feedback`: thumbs up or down, used, edited or ignored, and free text, on an answer,
/// a suggestion, a chunk, an action or a reply variant. A rating is the caller's vote — the API
/// key's holder and role, one per target (a repeat replaces it) — and moves ranking for the same
/// kind of question only as the feedback policy allows (`FeedbackPriors`, `FeedbackScope`).
/// `GET /v1/feedback/report` shows what votes move and who cast them; `POST /v1/feedback/reset`
/// deletes ratings (audited).
extension GroundedService {
    /// The body of `POST /v1/feedback`.
    struct GeneralFeedbackRequest: Decodable, Sendable {
        var targetKind: FeedbackRecord.TargetKind
        var targetID: String
        /// A note on who gave it (a customer's words, a form): kept, but never who votes.
        var who: String?
        var rating: FeedbackRecord.Rating?
        var outcome: FeedbackRecord.Outcome?
        var text: String?
        /// The kind of question; for an answer, its intent is used when omitted.
        var questionKind: String?
    }

    /// The body of `POST /v1/feedback/reset`: one target's ratings, or (both nil) every rating.
    struct FeedbackResetRequest: Decodable, Sendable {
        var targetKind: FeedbackRecord.TargetKind?
        var targetID: String?
        var reason: String
    }

    struct FeedbackAccepted: ResponseEncodable {
        let id: String
        let questionKind: String
        /// Who the vote is counted for: the key's holder and role.
        let voter: String
    }

    func addFeedbackRoutes(to router: Router<GroundedRequestContext>) {
        router.post("/v1/feedback") { [self] request, context -> FeedbackAccepted in
            let body = try await decodeJSON(GeneralFeedbackRequest.self, from: request)
            let caller = try Self.caller(context)
            guard !body.targetID.isEmpty, body.targetID.count <= 200 else {
                throw APIError.badRequest("field targetID: 1 to 200 characters")
            }
            guard body.rating != nil || body.outcome != nil || !(body.text ?? "").isEmpty else {
                throw APIError.badRequest("give a rating (up, down), an outcome (used, edited, ignored) or text")
            }
            for (name, value) in [("text", body.text), ("who", body.who)] {
                if let value, value.count > configuration.maxMessageCharacters {
                    throw APIError.badRequest(
                        "field \(name): \(value.count) characters, over the \(configuration.maxMessageCharacters) "
                            + "accepted"
                    )
                }
            }
            if body.targetKind == .chunk, FeedbackPriors.parse(body.targetID) == nil {
                throw APIError.badRequest(
                    "field targetID: a chunk is named documentID@version[start, end), e.g. returns-policy@2[301, 354)")
            }
            return try await offload {
                let voter = Self.voter(caller)
                let record = try self.desk.recordFeedback(
                    FeedbackRecord(
                        targetKind: body.targetKind, targetID: body.targetID, questionKind: body.questionKind ?? "",
                        who: body.who ?? "", voter: voter, voterRole: caller.role.rawValue, rating: body.rating,
                        outcome: body.outcome, text: body.text),
                    kindGiven: body.questionKind != nil)
                return FeedbackAccepted(id: record.id, questionKind: record.questionKind, voter: voter)
            }
        }
        router.get("/v1/feedback/report") { [self] request, _ -> Response in
            let report = try await offload { try self.desk.backOffice.feedbackReport() }
            return try Self.json(report)
        }
        router.post("/v1/feedback/reset") { [self] request, context -> Response in
            let body = try await decodeJSON(FeedbackResetRequest.self, from: request)
            let caller = try Self.caller(context)
            guard (body.targetKind == nil) == (body.targetID == nil) else {
                throw APIError.badRequest(
                    "give both targetKind and targetID (one target's ratings), or neither (every rating)")
            }
            guard !body.reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw APIError.badRequest("field reason: say why")
            }
            let deleted = try await offload {
                try self.desk.resetRatings(
                    targetKind: body.targetKind, targetID: body.targetID, by: caller, reason: body.reason)
            }
            struct Body: Encodable { var deleted: Int }
            return try Self.json(Body(deleted: deleted))
        }
    }

    /// Who a vote is counted for: the key's holder and role.
    static func voter(_ principal: Principal) -> String { "\(principal.person) (\(principal.role.rawValue))" }
}
