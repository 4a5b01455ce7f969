import Customers
import Engine
import Foundation
import Hummingbird

/// `POST /v1/answer` (a grounded answer or a decline, written for the channel) and
/// `GET /v1/answers/{id}` (an answer as it was sent).
extension GroundedService {
    func addAnswerRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/answer") { [self] request, context -> AnswerResponse in
            let body = try await decodeJSON(AnswerRequest.self, from: request)
            try body.validate(maxCharacters: configuration.maxMessageCharacters)
            let response = try await offload { try self.answer(body) }
            context.logger.info("answer", metadata: ["answer.id": "\(response.id)", "status": "\(response.status.rawValue)",
                                                    "channel": "\(response.channel.rawValue)"])
            return response
        }
        router.get("/v1/answers/:id") { [self] _, context -> Response in
            let id = try context.parameters.require("id")
            guard let record = try store.answer(id: id) else {
                throw APIError.notFound("no answer with id \(id): answer ids come from POST /v1/answer")
            }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: record.body)))
        }
    }

    /// Answers one request and archives the response (blocking: run it through `offload`).
    func answer(_ request: AnswerRequest) throws -> AnswerResponse {
        var filter = RetrievalFilter()
        filter.profile = request.profile
        let turns = (request.conversation ?? []) + [ConversationTurn(role: .user, text: request.message)]
        let answer = turns.count > 1 ? try engine.ask(conversation: turns, filter: filter)
                                     : try engine.ask(request.message, filter: filter)
        let channel = request.channel ?? .chat
        let id = "ans_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let link = publicURL + "/v1/answers/" + id
        let response = AnswerResponse(id: String(id), answer: answer, channel: channel,
                                      messages: formatter.messages(for: answer, channel: channel, link: link), link: link)
        let json = String(decoding: try JSONEncoder().encode(response), as: UTF8.self)
        try store.saveAnswer(AnswerRecord(id: response.id, createdAt: Date(), channel: channel.rawValue,
                                          status: answer.status.rawValue, question: request.message, body: json))
        metrics.recordAnswer(status: answer.status.rawValue, channel: channel.rawValue)
        return response
    }
}

extension AnswerResponse: ResponseEncodable {}
