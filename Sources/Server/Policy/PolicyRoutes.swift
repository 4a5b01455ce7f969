import Customers
import Foundation
import Governance
import Hummingbird
import NIOFoundationEssentialsCompat
import ServiceDesk

/// The policy gate over HTTP: list the policies in force, a kind's history, propose a change
/// (with its diff), read a change, approve it (an ops lead other than the proposer) and roll back.
extension GroundedService {
    /// `{"document": {…the whole policy, with a new version…}, "reason": "…",
    /// "effectiveAt": "2026-12-01T00:00:00Z"}`.
    struct ProposalRequest {
        static let shape = JSONShape.object(["document": .any, "reason": .value, "effectiveAt": .value])

        var document: PolicyDocument
        var reason: String
        var effectiveAt: Date?

        /// - Throws: `APIError` (400) naming the field that is missing or wrong.
        init(json data: Data) throws {
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw APIError.badRequest(
                    "the body is not a JSON object: send {\"document\": {...}, \"reason\": \"...\"}")
            }
            do { try Self.shape.check(object) } catch let e as JSONShapeError { throw APIError.badRequest(e.message) }
            guard let document = object["document"] as? [String: Any] else {
                throw APIError.badRequest(
                    "\"document\" is missing or not an object: send the whole policy, with a new version")
            }
            guard let reason = object["reason"] as? String, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw APIError.badRequest("say why the change is proposed (\"reason\")")
            }
            self.document = try PolicyDocument(json: try JSONSerialization.data(withJSONObject: document))
            self.reason = reason
            switch object["effectiveAt"] {
            case nil, is NSNull: effectiveAt = nil
            case let text as String:
                guard let date = ISO8601DateFormatter().date(from: text) else {
                    throw APIError.badRequest("\"effectiveAt\" is not an ISO 8601 time such as 2026-12-01T00:00:00Z")
                }
                effectiveAt = date
            default: throw APIError.badRequest("\"effectiveAt\" must be a string such as 2026-12-01T00:00:00Z")
            }
        }
    }

    struct RollbackRequest: Decodable {
        var reason: String
    }

    func addPolicyRoutes(to router: Router<GroundedRequestContext>) {
        let backOffice = desk.backOffice
        router.get("/v1/policies") { _, _ -> Response in try Self.json(try backOffice.policySummaries()) }
        router.get("/v1/policies/:kind/history") { _, context -> Response in
            try Self.json(try backOffice.history(of: try PolicyKind(parsing: try context.parameters.require("kind"))))
        }
        router.post("/v1/policies/:kind/proposals") { [self] request, context -> Response in
            let kind = try PolicyKind(parsing: try context.parameters.require("kind"))
            var request = request
            let body = try ProposalRequest(
                json: Data(buffer: try await request.collectBody(upTo: configuration.maxBodyBytes)))
            let change = try backOffice.propose(
                kind: kind, document: body.document, by: try Self.caller(context), reason: body.reason,
                effectiveAt: body.effectiveAt)
            return try Self.json(try backOffice.view(change), status: .created)
        }
        router.get("/v1/policy-changes/:id") { _, context -> Response in
            try Self.json(try backOffice.view(try backOffice.change(id: try context.parameters.require("id"))))
        }
        router.post("/v1/policy-changes/:id/approve") { _, context -> Response in
            let change = try backOffice.approve(id: try context.parameters.require("id"), by: try Self.caller(context))
            return try Self.json(try backOffice.view(change))
        }
        router.post("/v1/policies/:kind/rollback") { [self] request, context -> Response in
            let kind = try PolicyKind(parsing: try context.parameters.require("kind"))
            let body = try await decodeJSON(RollbackRequest.self, from: request)
            let result = try backOffice.rollback(kind: kind, by: try Self.caller(context), reason: body.reason)
            struct Body: Encodable {
                var undone: PolicyChange
                var active: PolicyChange
            }
            return try Self.json(Body(undone: result.undone, active: result.active))
        }
    }

    /// The authenticated caller (every non-public route has one; `AccessMiddleware` sees to it).
    static func caller(_ context: GroundedRequestContext) throws -> Principal {
        guard let principal = context.principal else { throw APIError.unauthorized() }
        return principal
    }
}
