import Customers
import Engine
import Foundation
import GroundedTesting
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Records
import Testing

@testable import Server
@testable import ServiceDesk

@Suite("Agent assist")
struct AssistAPITests {
    /// The `data:` payloads of a server-sent event stream's `suggestions` events.
    static func events(_ text: String) throws -> [AssistSuggestions] {
        try text.components(separatedBy: "\n\n").compactMap { block in
            let lines = block.split(separator: "\n")
            guard lines.contains("event: suggestions"), let line = lines.first(where: { $0.hasPrefix("data: ") }) else {
                return nil
            }
            return try JSONDecoder().decode(AssistSuggestions.self, from: Data(line.dropFirst(6).utf8))
        }
    }

    @Test(
        """
        each customer message brings snippets with exact spans, a grounded draft and ranked actions; an agent's \
        reply silences the bot and records feedback
        """
    )
    func suggestionsAndReply() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let customer = #""customer": {"email": "kim@example.com"}"#
            _ = try await client.post("/v1/answer", json: #"{\#(customer), "message": "Can I talk to a person?"}"#)
            let handed = try
                (try await client.post(
                    "/v1/answer",
                    json: #"{\#(customer), "message": "My lamp arrived damaged. Is the shipping refunded?"}"#))
                .decode(AnswerResponse.self)
            #expect(handed.status == .handedOff)
            let conversationID = try #require(handed.conversationID)

            // Connecting after the message: the latest suggestions arrive at once.
            let stream = try await client.get("/v1/conversations/\(conversationID)/assist?limit=1")
            #expect(stream.status == .ok && stream.headers[.contentType] == "text/event-stream")
            let suggestions = try #require(try Self.events(String(buffer: stream.body)).first)
            #expect(
                suggestions.message == "My lamp arrived damaged. Is the shipping refunded?" && suggestions.turn == 1)
            #expect(!suggestions.snippets.isEmpty)
            let knowledge = CorpusFixture.engine.knowledge
            for s in suggestions.snippets {
                let document = try #require(knowledge.document(id: s.documentID, version: s.version))
                #expect(document.text.slice(TextSpan(start: s.start, end: s.end)) == s.text)
            }
            let draft = try #require(suggestions.draft)
            #expect(!draft.citations.isEmpty && draft.text.contains("[1]"))
            #expect(
                Array(suggestions.actions.map(\.actionID).prefix(2)).sorted() == ["refund", "replacement"],
                "\(suggestions.actions)")
            #expect(suggestions.actions.allSatisfy { !$0.reasons.isEmpty })

            // The agent sends the draft, edited.
            let reply = try await client.post(
                "/v1/conversations/\(conversationID)/reply",
                json:
                    #"""
                    {"agent": "ana", "text": "Sorry about the lamp! \#(draft.text)", "suggestionID": "\#(draft.id)", \#
                    "edited": true}
                    """#
            )
            #expect(reply.status == .ok)
            let thumbs = try await client.post(
                "/v1/suggestions/\(suggestions.actions[0].id)/feedback",
                json: #"{"agent": "ana", "action": "thumbs-up"}"#)
            #expect(thumbs.status == .noContent)
            let store = fixture.service.store
            #expect(try store.suggestions.feedback(on: draft.id).map(\.action) == [.edited])
            #expect(try store.suggestions.feedback(on: suggestions.actions[0].id).map(\.action) == [.thumbsUp])
            let conversation = try #require(try store.conversations.conversation(id: conversationID))
            #expect(conversation.state == .agent && conversation.turns.last?.author == .agent)
            #expect(try store.handoffs.list(state: .taken).count == 1)

            // The bot stays quiet; the agent still gets suggestions for the new message.
            let quiet = try
                (try await client.post(
                    "/v1/answer", json: #"{\#(customer), "message": "When will the refund arrive?"}"#)).decode(
                    AnswerResponse.self)
            #expect(quiet.status == .handedOff)
            let next = try await client.get("/v1/conversations/\(conversationID)/assist?limit=1")
            #expect(try Self.events(String(buffer: next.body)).first?.message == "When will the refund arrive?")
        }
    }

    @Test("watchers get every new suggestion; a late watcher gets the latest first")
    func hub() async throws {
        let hub = AssistHub()
        func suggestions(_ turn: Int) -> AssistSuggestions {
            AssistSuggestions(
                conversationID: "conv_1", turn: turn, message: "m\(turn)", snippets: [], draft: nil, actions: [],
                milliseconds: 1)
        }
        var received: [Int] = []
        do {
            let early = hub.watch("conv_1")
            #expect(hub.watchers(of: "conv_1") == 1)
            hub.publish(suggestions(0))
            hub.publish(suggestions(1))
            hub.publish(
                AssistSuggestions(
                    conversationID: "conv_2", turn: 9, message: "other", snippets: [], draft: nil, actions: [],
                    milliseconds: 1))
            for await event in early {
                guard case .suggestions(let s) = event else { continue }
                received.append(s.turn)
                if received.count == 2 { break }
            }
        }
        #expect(received == [0, 1], "in order, and only this conversation's")
        var late = hub.watch("conv_1").makeAsyncIterator()
        #expect(await late.next() == .suggestions(suggestions(1)))
        #expect(hub.openStreams == 1, "the early watch ended when it was let go; the late one is open")
    }

    @Test("replies and feedback with bad input get 4xx and record nothing")
    func badInput() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            #expect(try await client.get("/v1/conversations/conv_missing/assist?limit=1").status == .notFound)
            #expect(
                try await client.post("/v1/conversations/conv_missing/reply", json: #"{"agent": "ana", "text": "hi"}"#)
                    .status == .notFound)
            #expect(
                try await client.post(
                    "/v1/suggestions/sug_missing/feedback", json: #"{"agent": "ana", "action": "used"}"#
                ).status == .notFound)
            let answer = try
                (try await client.post(
                    "/v1/answer",
                    json:
                        #"""
                        {"customer": {"email": "lee@example.com"}, "message": "How long do I have to return an \#
                        item?"}
                        """#
                ))
                .decode(AnswerResponse.self)
            let id = try #require(answer.conversationID)
            #expect(try await client.get("/v1/conversations/\(id)/assist?limit=0").status == .badRequest)
            #expect(
                try await client.post("/v1/conversations/\(id)/reply", json: #"{"agent": "", "text": "hi"}"#).status
                    == .badRequest)
            #expect(
                try await client.post(
                    "/v1/conversations/\(id)/reply",
                    json: #"{"agent": "ana", "text": "hi", "suggestionID": "sug_missing"}"#
                ).status == .notFound)
            let conversation = try #require(try fixture.service.store.conversations.conversation(id: id))
            #expect(conversation.state == .bot && conversation.turns.count == 2, "a refused reply changes nothing")
        }
    }
}
