import Answering
import Customers
import Engine
import Foundation
import GroundedCore
import GroundedTesting
import HTTPTypes
import HummingbirdTesting
import Knowledge
import NIOCore
import Routing
import ServiceDesk
import Testing

@testable import Server

@Suite("Explanations over HTTP")
struct ExplanationAPITests {
    @Test("explain on /v1/answer says what was used and how the alternatives scored")
    func answer() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            _ = try await client.post(
                "/v1/events",
                json: #"{"customer": {"email": "ex@example.com"}, "type": "plan_changed", "data": {"plan": "plus"}}"#)
            let answered = try await client.post(
                "/v1/answer",
                json: #"""
                    {"customer": {"email": "ex@example.com"}, "explain": true,
                     "message": "How many days do I have to return an item?"}
                    """#
            ).decode(AnswerResponse.self)
            let e = try #require(answered.explanation)
            let used = try #require(e.used)
            #expect(used.profile["plan"] == "plus")
            #expect(used.filters["audiences"] == "public", "a channel's answer reads public documents only")
            #expect(used.documentsInEffect.contains { $0.hasPrefix("returns-policy@") })
            #expect(!used.documentsInEffect.contains { $0.hasPrefix("agent-escalation@") }, "internal documents")
            #expect(used.policyVersions["routing"] != nil && used.policyVersions["handoff"] != nil)
            #expect(used.indexBuild == CorpusFixture.engine.knowledge.build.buildID)
            #expect(e.candidates.count > answered.citations.count, "alternatives beside the chosen sentences")
            #expect(e.candidates.filter(\.chosen).count == answered.citations.count)
            #expect(zip(e.candidates, e.candidates.dropFirst()).allSatisfy { $0.score >= $1.score }, "best first")
            #expect(e.declineCode == nil && !e.sources.isEmpty)

            let declined = try await client.post(
                "/v1/answer", json: #"{"explain": true, "message": "Do you sell garden gnomes in Portugal?"}"#
            ).decode(AnswerResponse.self)
            #expect(declined.status == .declined)
            let code = try #require(declined.explanation?.declineCode)
            #expect(DeclineCode.allCases.contains(code) && declined.explanation?.declineReason != nil)
            #expect(declined.explanation?.used?.profile.isEmpty == true, "an anonymous question uses no profile")
        }
    }

    @Test("a route decision keeps every rule it weighed and the queues; explain adds the answer's explanation")
    func route() async throws {
        let fixture = try RouteAPITests.fixture()
        try await fixture.test { client in
            let response = try await client.post(
                "/v1/route", json: #"{"message": "I want to speak to a person about my refund", "explain": true}"#)
            let route = try RouteAPITests.decode(response)
            let alternatives = try #require(route.decision.alternatives)
            #expect(alternatives.filter { $0.outcome == .chosen }.map(\.rule) == [route.decision.rule])
            #expect(route.decision.rule == "escalate.asked")
            #expect(alternatives.last?.rule == "fallback.no-answer" && alternatives.last?.outcome == .outranked)
            #expect(alternatives.contains { $0.rule == "answer.confident" && $0.outcome != .chosen })
            #expect(alternatives.allSatisfy { !$0.reason.isEmpty })
            let queues = try #require(route.decision.queues)
            #expect(queues.filter(\.chosen).map(\.name) == [route.decision.queue])
            #expect(response.text.contains(#""explanation""#) && response.text.contains(#""documentsInEffect""#))
            let stored = try await client.get("/v1/routes/\(route.id)")
            #expect(try RouteAPITests.decode(stored).decision.alternatives == alternatives, "recorded")
            #expect(!stored.text.contains(#""explanation""#), "the explanation is not recorded")
        }
    }

    @Test("a stream opened with explain=true gets each suggestion's explanation; others do not")
    func assist() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let customer = #""customer": {"email": "watch@example.com"}"#
            let handed = try await client.post(
                "/v1/answer", json: #"{\#(customer), "message": "Can I talk to a person?"}"#
            ).decode(AnswerResponse.self)
            let id = try #require(handed.conversationID)
            // An agent watches while the customer writes: the suggestions are explained.
            let watching = fixture.service.hub.watch(id)
            _ = try await client.post(
                "/v1/answer", json: #"{\#(customer), "message": "My lamp arrived damaged. Is the shipping refunded?"}"#)
            let plain = try await client.get("/v1/conversations/\(id)/assist?limit=1")
            let asked = try await client.get("/v1/conversations/\(id)/assist?limit=1&explain=true")
            // The suggestions were published while the POST ran; closing the hub ends the stream
            // after what it holds, so reading it cannot wait for ever.
            fixture.service.hub.closeAll(reason: "test over")
            var received: AssistSuggestions?
            for await event in watching {
                if case .suggestions(let s) = event, s.message.hasPrefix("My lamp") { received = s }
            }
            let explained = try #require(received?.explanation)
            #expect(explained.actions.count >= (received?.actions.count ?? 0))
            #expect(explained.draft.used?.documentsInEffect.isEmpty == false)
            #expect(try AssistAPITests.events(String(buffer: plain.body)).first?.explanation == nil)
            #expect(try AssistAPITests.events(String(buffer: asked.body)).first?.explanation == explained)
            #expect(try await client.get("/v1/conversations/\(id)/assist?limit=1&explain=yes").status == .badRequest)
        }
    }
}
