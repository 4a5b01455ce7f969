import Customers
import Foundation
import Governance
import GroundedCore
import Hummingbird
import Records
import Retrieval
import ServiceDesk

/// `PUT /v1/customers/{id}/consents` (a customer gives or withdraws consent for one purpose),
/// `POST /v1/retention/run` (purge what the retention policy no longer allows keeping) and
/// `GET /v1/audit/verify` (check the audit log's hash chain).
extension GroundedService {
    /// `{"purpose": "marketing", "granted": false, "source": "sms STOP"}`.
    struct ConsentRequest: Decodable {
        var purpose: String
        var granted: Bool
        /// Where the customer said so (a channel, a form, a call); kept with the event.
        var source: String?
    }

    func addGovernanceRoutes(to router: Router<GroundedRequestContext>) {
        router.put("/v1/customers/:id/consents") { [self] request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await decodeJSON(ConsentRequest.self, from: request)
            guard CustomerProfile.Consent(rawValue: body.purpose) != nil else {
                throw APIError.badRequest(
                    """
                    unknown consent purpose \"\(body.purpose)\": use \
                    \(CustomerProfile.Consent.allCases.map(\.rawValue).joined(separator: ", "))
                    """
                )
            }
            let actor = try Self.caller(context)
            let customer = try await offload { [desk] in
                try desk.backOffice.setConsent(
                    of: id, purpose: body.purpose, granted: body.granted, source: body.source ?? actor.role.rawValue,
                    by: actor.person)
            }
            return try Self.json(customer)
        }
        router.post("/v1/retention/run") { [self] _, context -> Response in
            let actor = try Self.caller(context).person
            return try Self.json(try await offload { [self] in try desk.backOffice.runRetention(actor: actor) })
        }
        router.get("/v1/audit/verify") { [self] _, _ -> Response in
            let verification = try await offload { [store] in AuditChain.verify(try store.audit.entries()) }
            struct Body: Encodable {
                var entries: Int
                var intact: Bool
                var firstBroken: Int?
                var problem: String?
            }
            return try Self.json(
                Body(
                    entries: verification.entries, intact: verification.intact, firstBroken: verification.firstBroken,
                    problem: verification.problem))
        }
    }
}
