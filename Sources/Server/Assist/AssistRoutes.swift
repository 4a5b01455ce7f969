import Customers
import Foundation
import Hummingbird
import Records
import ServiceDesk

/// `GET /v1/conversations/{id}/assist` (server-sent events: suggestions for each customer
/// message), `POST /v1/conversations/{id}/reply` (an agent answers; the bot stops) and
/// `POST /v1/suggestions/{id}/feedback` (used, edited, ignored, thumbs up or down).
extension GroundedService {
    struct ReplyRequest: Decodable, Sendable {
        var agent: String
        var text: String
        var channel: String?
        /// The suggestion the reply came from, if any; `edited` says whether the agent changed it.
        var suggestionID: String?
        var edited: Bool?
    }

    struct FeedbackRequest: Decodable, Sendable {
        var agent: String
        var action: SuggestionFeedback
        var text: String?
    }

    /// The most suggestion events one `limit` may ask for.
    static let maxAssistEvents = 10_000

    func addAssistRoutes(to router: Router<GroundedRequestContext>) {
        router.get("/v1/conversations/:id/assist") { [self] request, context -> Response in
            let id = try context.parameters.require("id")
            guard try store.conversations.conversation(id: id) != nil else {
                throw APIError.notFound("no conversation with id \(id)")
            }
            let limit = try request.integerQuery("limit", in: 1...Self.maxAssistEvents)
            let explain = try request.booleanQuery("explain") ?? false
            let stream = hub.watch(id, keepAlive: configuration.streamKeepAlive)
            let opened = ContinuousClock.now
            let lifetime = configuration.maxStreamLifetime
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: ResponseBody { writer in
                    // Ends on the limit, on the lifetime, on `closeAll`'s closing event, or when a
                    // write fails because the client has gone (a keep-alive finds that out).
                    var sent = 0
                    for await event in stream {
                        try await writer.write(ByteBuffer(string: try event.explained(explain).serverSentEvent()))
                        if case .suggestions = event { sent += 1 }
                        if let limit, sent >= limit { break }
                        if ContinuousClock.now - opened >= lifetime {
                            let reason = "this stream reached its lifetime of \(lifetime); reconnect"
                            try await writer.write(
                                ByteBuffer(string: try AssistEvent.closing(reason: reason).serverSentEvent()))
                            break
                        }
                    }
                    try await writer.finish(nil)
                })
        }
        router.post("/v1/conversations/:id/reply") { [self] request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await decodeJSON(ReplyRequest.self, from: request)
            guard !body.agent.trimmingCharacters(in: .whitespaces).isEmpty,
                !body.text.trimmingCharacters(in: .whitespaces).isEmpty
            else {
                throw APIError.badRequest("a reply needs \"agent\" and \"text\"")
            }
            let conversation = try await offload { [desk] in
                try desk.reply(
                    in: id, agent: body.agent, text: body.text, channel: body.channel, suggestionID: body.suggestionID,
                    edited: body.edited == true)
            }
            return try Self.json(conversation)
        }
        router.post("/v1/suggestions/:id/feedback") { [self] request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await decodeJSON(FeedbackRequest.self, from: request)
            try await offload { [desk] in
                try desk.recordSuggestionFeedback(body.action, on: id, agent: body.agent, text: body.text)
            }
            return Response(status: .noContent)
        }
    }
}
