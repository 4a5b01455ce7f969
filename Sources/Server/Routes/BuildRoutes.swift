import Engine
import Foundation
import Hummingbird
import ServiceDesk

/// Staged builds (`grounded ingest --stage`): `GET /v1/builds` (the current build and the staged
/// one), `POST /v1/builds/staged/ask` (one question answered by both, side by side),
/// `POST /v1/builds/staged/promote` (the staged build answers customers from the next request on)
/// and `POST /v1/builds/staged/discard`. Promotion and discarding are audited, with the reason.
extension GroundedService {
    /// The body of `POST /v1/builds/staged/ask`.
    struct StagedQuestion: Decodable, Sendable {
        var question: String
        var profile: CustomerProfile?
        var asOf: String?
    }

    /// The body of `POST /v1/builds/staged/promote` and `…/discard`.
    struct StagedDecision: Decodable, Sendable {
        var reason: String
    }

    func addBuildRoutes(to router: Router<GroundedRequestContext>) {
        router.get("/v1/builds") { [self] _, _ -> Response in
            try Self.json(try await offload { [desk] in try desk.builds() })
        }
        router.post("/v1/builds/staged/ask") { [self] request, _ -> Response in
            let body = try await decodeJSON(StagedQuestion.self, from: request)
            let question = body.question.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !question.isEmpty, question.count <= configuration.maxMessageCharacters else {
                throw APIError.badRequest(
                    "field question: 1 to \(configuration.maxMessageCharacters) characters, not \(question.count)")
            }
            if let asOf = body.asOf, !EffectiveDate.isValid(asOf) {
                throw APIError.badRequest("field asOf: a date YYYY-MM-DD, not `\(asOf.prefix(40))`")
            }
            let asked = AnswerDrift.Question(question, profile: body.profile, asOf: body.asOf)
            return try Self.json(try await offload { [desk] in try desk.askStaged(asked) })
        }
        router.post("/v1/builds/staged/promote") { [self] request, context -> Response in
            let reason = try await Self.reason(try await decodeJSON(StagedDecision.self, from: request))
            let caller = try Self.caller(context)
            return try Self.json(try await offload { [desk] in try desk.promoteStaged(by: caller, reason: reason) })
        }
        router.post("/v1/builds/staged/discard") { [self] request, context -> Response in
            let reason = try await Self.reason(try await decodeJSON(StagedDecision.self, from: request))
            let caller = try Self.caller(context)
            return try Self.json(try await offload { [desk] in try desk.discardStaged(by: caller, reason: reason) })
        }
    }

    /// The decision's reason, required for the audit log.
    static func reason(_ body: StagedDecision) async throws -> String {
        let reason = body.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 2_000 else {
            throw APIError.badRequest("field reason: say why, in 1 to 2,000 characters")
        }
        return reason
    }
}
