import Customers
import Engine
import Foundation
import Governance
import Hummingbird
import Logging
import Records
import Retrieval
import ServiceDesk

/// `POST /v1/answer` (a grounded answer or a decline, written for the channel),
/// `GET /v1/answers/{id}` (an answer as it was sent; with `Accept: text/html`, the customer's page)
/// and `GET /a/{id}` (the customer's page: the answer with each cited span highlighted in its source).
extension GroundedService {
    func addAnswerRoutes(to router: Router<GroundedRequestContext>) {
        router.post("/v1/answer") { [self] request, context -> AnswerResponse in
            let body = try await decodeJSON(AnswerRequest.self, from: request)
            try body.validate(maxCharacters: configuration.maxMessageCharacters)
            let response = try await offload { try self.desk.answer(body) }
            // The question helps whoever reads the log; personal data in it does not (and the
            // server's log handler redacts again, whatever is logged).
            context.logger.info(
                "answer",
                metadata: [
                    "answer.id": "\(response.id)", "status": "\(response.status.rawValue)",
                    "channel": "\(response.channel.rawValue)", "question": "\(PIIRedactor().redact(body.message))",
                ])
            return response
        }
        router.get("/v1/answers/:id") { [self] request, context -> Response in
            let id = try context.parameters.require("id")
            if Self.prefersHTML(request.headers[.accept]) { return try await answerPage(id: id) }
            guard let record = try store.answers.answer(id: id) else {
                throw APIError.notFound("no answer with id \(id): answer ids come from POST /v1/answer")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: record.body)))
        }
        // The short link a customer opens on a phone: always the page.
        router.get("/a/:id") { [self] _, context -> Response in
            try await answerPage(id: try context.parameters.require("id"))
        }
    }
}

extension AnswerResponse: ResponseEncodable {}
