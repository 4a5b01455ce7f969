import Customers
import Engine
import Foundation
import Governance
import Hummingbird
import Records
import Retrieval
import Routing
import ServiceDesk

/// `POST /v1/route` (who should answer this message: self-service, a clarifying question or a
/// person, and which queue) and `GET /v1/routes/{id}` (a decision as recorded, with its inputs).
extension GroundedService {
    func addRouteRoutes(to router: Router<GroundedRequestContext>) {
        router.post("/v1/route") { [self] request, _ -> RouteResponse in
            let body = try await decodeJSON(AnswerRequest.self, from: request)
            try body.validate(maxCharacters: configuration.maxMessageCharacters)
            return try await offload { try self.desk.route(body) }
        }
        router.get("/v1/routes/:id") { [self] _, context -> RecordedRoute in
            let id = try context.parameters.require("id")
            guard let route = try store.routes.route(id: id) else {
                throw APIError.notFound("no route decision with id \(id): ids come from POST /v1/route")
            }
            return route
        }
    }
}

extension RecordedRoute: ResponseEncodable {}
extension RouteResponse: ResponseEncodable {}
