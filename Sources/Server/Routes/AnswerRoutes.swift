import Customers
import Engine
import Foundation
import Hummingbird
import Retrieval

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

    /// Answers one request and archives the response; with a customer, answers within their
    /// current conversation and records both turns (blocking: run it through `offload`).
    func answer(_ request: AnswerRequest) throws -> AnswerResponse {
        let channel = request.channel ?? .chat
        var filter = RetrievalFilter()
        filter.profile = request.profile
        var history = request.conversation ?? []
        var customer: Customer?
        var conversation: Conversation?
        if let identities = request.customer?.identities, !identities.isEmpty {
            let c = try store.resolve(identities)
            customer = c
            filter.profile = Self.profile(c.profile, overriddenBy: request.profile)
            let current = try store.currentConversation(for: c.id)
            conversation = current
            if request.conversation == nil {
                history = current.turns.map { ConversationTurn(role: $0.author == .customer ? .user : .agent, text: $0.text) }
            }
        }
        let turns = history + [ConversationTurn(role: .user, text: request.message)]
        let answer = turns.count > 1 ? try engine.ask(conversation: turns, filter: filter)
                                     : try engine.ask(request.message, filter: filter)
        let id = "ans_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let link = publicURL + "/v1/answers/" + id
        var response = AnswerResponse(id: String(id), answer: answer, channel: channel,
                                      messages: formatter.messages(for: answer, channel: channel, link: link), link: link)
        response.customerID = customer?.id
        response.conversationID = conversation?.id
        let json = String(decoding: try JSONEncoder().encode(response), as: UTF8.self)
        try store.saveAnswer(AnswerRecord(id: response.id, createdAt: Date(), channel: channel.rawValue,
                                          status: answer.status.rawValue, question: request.message, body: json))
        if let conversation {
            let now = Date()
            try store.append([
                Turn(at: now, channel: channel.rawValue, author: .customer, text: request.message),
                Turn(at: now, channel: channel.rawValue, author: .bot, text: response.messages.joined(separator: "\n"),
                     answerID: response.id,
                     citations: response.citations.map { "\($0.documentID)@\($0.version)[\($0.start), \($0.end))" }),
            ], to: conversation.id)
        }
        metrics.recordAnswer(status: answer.status.rawValue, channel: channel.rawValue)
        return response
    }

    /// The stored profile with the request's values where it gives them (never its consents).
    static func profile(_ stored: CustomerProfile, overriddenBy request: CustomerProfile?) -> CustomerProfile {
        guard let r = request else { return stored }
        var p = stored
        p.name = r.name ?? p.name
        p.plan = r.plan ?? p.plan
        p.region = r.region ?? p.region
        p.locale = r.locale ?? p.locale
        p.customerSince = r.customerSince ?? p.customerSince
        if !r.products.isEmpty { p.products = r.products }
        // Consents are the customer's own, recorded by events: a request cannot grant one.
        return p
    }
}

extension AnswerResponse: ResponseEncodable {}
