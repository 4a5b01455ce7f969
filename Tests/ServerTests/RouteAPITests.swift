import Customers
import Foundation
import GroundedCore
import GroundedTesting
import HTTPTypes
import HummingbirdTesting
import Records
import Routing
import ServiceDesk
import Testing

@testable import Server

@Suite("Route decisions over HTTP")
struct RouteAPITests {
    static let root = TestPaths.packageRoot
    static func fixture() throws -> ServerFixture {
        try ServerFixture(
            configuration: .init(
                routePolicy: try RoutePolicy.load(
                    contentsOf: root.appendingPathComponent("Config/routing-policy.json")),
                intentExamples: root.appendingPathComponent("Config/intents.json").path))
    }

    static func decode(_ response: TestResponse) throws -> RecordedRoute { try response.decode(RecordedRoute.self) }

    @Test(
        """
        an answerable question is self-service, with its intent and rule; the decision is recorded and can be read \
        back
        """
    )
    func selfService() async throws {
        let fixture = try Self.fixture()
        try await fixture.test { client in
            let response = try await client.post(
                "/v1/route", json: #"{"message": "How long do I have to return an item?"}"#)
            #expect(response.status == .ok)
            let route = try Self.decode(response)
            #expect(route.decision.action == .selfService && route.decision.rule == "answer.confident")
            #expect(route.decision.input.intent?.intent == "return_item")
            #expect(route.decision.policyVersion == "routing-2026-11-24")
            let stored = try Self.decode(try await client.get("/v1/routes/\(route.id)"))
            #expect(stored.decision == route.decision)
            #expect(try await client.get("/v1/routes/rte_missing").status == .notFound)
            #expect(
                try await client.get("/metrics").text.contains(
                    #"grounded_routes_total{action="self-service",queue=""} 1"#))
        }
    }

    @Test(
        "a legal threat from a known Plus customer goes to a person in the Plus queue, queued with its rule and signals"
    )
    func legalThreat() async throws {
        let fixture = try Self.fixture()
        try await fixture.test { client in
            _ = try await client.post(
                "/v1/events",
                json: #"{"customer": {"email": "kim@example.com"}, "type": "plan_changed", "data": {"plan": "plus"}}"#)
            let body =
                #"""
                {"message": "My lawyer says I can take you to court over this refund", "customer": {"email": \#
                "kim@example.com"}, "profile": {"locale": "en-US"}}
                """#
            let route = try Self.decode(try await client.post("/v1/route", json: body))
            #expect(route.decision.action == .person && route.decision.rule == "escalate.legal-threat")
            #expect(route.decision.queue == "plus-priority")
            let handoffID = try #require(route.handoffID)
            let handoff = try #require(try fixture.service.store.handoffs.handoff(id: handoffID))
            #expect(handoff.queue == "plus-priority" && handoff.rule == "routing-2026-11-24: escalate.legal-threat")
            #expect(handoff.signals.contains { $0.kind == .legalThreat })
            #expect(try fixture.service.store.handoffs.queueLoad() == ["plus-priority": 1])
        }
    }

    @Test("a legal threat earlier in the customer's conversation still sends a later, calm message to a person")
    func earlierThreat() async throws {
        let fixture = try Self.fixture()
        try await fixture.test { client in
            _ = try await client.post(
                "/v1/answer",
                json: #"{"message": "I will sue you if this is not fixed", "customer": {"email": "lee@example.com"}}"#)
            let route = try Self.decode(
                try await client.post(
                    "/v1/route",
                    json:
                        #"""
                        {"message": "How long do I have to return an item?", "customer": {"email": \#
                        "lee@example.com"}}
                        """#
                ))
            #expect(route.decision.rule == "escalate.legal-threat", "\(route.decision.reason)")
        }
    }

    @Test("a message out of scope goes to a person; an empty one is refused")
    func outOfScope() async throws {
        let fixture = try Self.fixture()
        try await fixture.test { client in
            let route = try Self.decode(
                try await client.post("/v1/route", json: #"{"message": "Tell me a joke about the weather in Peru"}"#))
            #expect(route.decision.action == .person)
            #expect(["fallback.out-of-scope", "fallback.no-answer"].contains(route.decision.rule))
            // The record says why the message is out of scope, and which signal decided.
            let intent = try #require(route.decision.input.intent)
            #expect(intent.isOutOfScope && intent.decidedBy != nil && intent.signals != nil, "\(intent)")
            #expect(intent.outOfScopeScore != nil)
            #expect(route.handoffID == nil, "an anonymous message has no conversation to queue")
            #expect(try await client.post("/v1/route", json: #"{"message": "  "}"#).status == .badRequest)
        }
    }
}
