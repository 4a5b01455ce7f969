import Customers
import Foundation
import Governance
import Hummingbird
import Records
import ServiceDesk

/// `POST /v1/events` (something happened to a customer: the profile changes at once),
/// `GET /v1/customers/{id}`, `GET /v1/conversations/{id}`, `GET /v1/handoffs` (the queue) and
/// `GET /v1/handoffs/{id}` (a handoff with its summary).
extension GroundedService {
    /// `POST /v1/events`: who (identities), what happened, its data, and when (default now).
    struct EventRequest: Decodable, Sendable {
        var customer: [String: String]
        var type: String
        var data: [String: String]?
        /// ISO 8601, as written (`validate(event:)` reads it, so a bad one is named).
        var at: String?
    }

    func addCustomerRoutes(to router: Router<GroundedRequestContext>) {
        router.post("/v1/events") { [self] request, _ -> Response in
            let body = try await decodeJSON(EventRequest.self, from: request)
            try AnswerRequest.validate(identities: body.customer)
            let identities = desk.identities(body.customer)
            guard !identities.isEmpty else {
                throw APIError.badRequest(
                    "field customer: name at least one identity, each one of "
                        + Identity.Kind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let at = try validate(event: body) ?? Date()
            let customer = try await offload { [self] in
                let event = CustomerEvent(type: body.type, data: body.data ?? [:], at: at)
                do { return try desk.record(event, for: identities) } catch let e as CustomerError {
                    throw APIError.badRequest(e.message)
                }
            }
            return try Self.json(customer)
        }
        router.get("/v1/customers/:id") { [self] _, context -> Response in
            let id = try context.parameters.require("id")
            guard let customer = try store.customers.customer(id: id) else {
                throw APIError.notFound("no customer with id \(id)")
            }
            return try Self.json(customer)
        }
        router.delete("/v1/customers/:id") { [self] _, context -> Response in
            let id = try context.parameters.require("id")
            let actor = try Self.caller(context).person
            let report = try await offload { [desk] in try desk.backOffice.erase(customerID: id, by: actor) }
            return try Self.json(report)
        }
        router.get("/v1/customers/:id/outreach") { [self] _, context -> Response in
            let id = try context.parameters.require("id")
            guard try store.customers.customer(id: id) != nil else {
                throw APIError.notFound("no customer with id \(id)")
            }
            return try Self.json(try store.outreach.proposals(customerID: id))
        }
        router.get("/v1/handoffs/:id") { [self] _, context -> Response in
            let id = try context.parameters.require("id")
            guard let handoff = try store.handoffs.handoff(id: id) else {
                throw APIError.notFound("no handoff with id \(id)")
            }
            return try Self.json(handoff)
        }
        router.get("/v1/handoffs") { [self] request, _ -> Response in
            if let conversation = request.uri.queryParameters["conversation"] {
                return try Self.json(try store.handoffs.list(conversation: String(conversation)))
            }
            return try Self.json(try store.handoffs.list(state: .queued))
        }
        router.get("/v1/conversations/:id") { [self] _, context -> Response in
            let id = try context.parameters.require("id")
            guard let conversation = try store.conversations.conversation(id: id) else {
                throw APIError.notFound("no conversation with id \(id)")
            }
            return try Self.json(conversation)
        }
    }

    /// A 200 JSON response (dates in ISO 8601).
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
