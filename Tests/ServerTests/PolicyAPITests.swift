import Customers
import Foundation
import Governance
import GroundedTesting
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import Records
import Routing
import ServiceDesk
import Testing

@testable import Server

@Suite("Policy gate over HTTP")
struct PolicyAPITests {
    static func change(_ response: TestResponse) throws -> [String: Any] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        return try #require(object["change"] as? [String: Any])
    }

    @Test(
        """
        proposed by one, approved by another ops lead, the new routing policy decides the next route; rolled back, \
        the old one does
        """
    )
    func proposeApproveRollback() async throws {
        let fixture = try ServerFixture()
        let alice = try fixture.key(.opsLead, person: "alice@example.com")
        let bob = try fixture.key(.opsLead, person: "bob@example.com")
        // Every answer is confident enough today; the proposal demands more than any can reach.
        let strict = String(
            decoding: try JSONEncoder().encode(RoutePolicy(version: "routing-strict", answerConfidenceAtLeast: 0.99)),
            as: UTF8.self)
        let question = #"{"message": "How long do I have to return an item?"}"#
        try await fixture.test { client in
            func route() async throws -> RecordedRoute {
                try (try await client.post("/v1/route", json: question)).decode(RecordedRoute.self)
            }
            func send(_ uri: String, _ key: String, _ body: String = "{}") async throws -> TestResponse {
                try await client.execute(
                    uri: uri, method: .post,
                    headers: [.contentType: "application/json", .authorization: "Bearer \(key)"],
                    body: ByteBuffer(string: body))
            }
            let before = try await route()
            #expect(before.decision.policyVersion == "routing-1" && before.decision.action == .selfService)

            let proposed = try await send(
                "/v1/policies/routing/proposals", alice,
                #"{"document": \#(strict), "reason": "only near-certain answers"}"#)
            #expect(proposed.status == .created, "\(proposed.text)")
            let id = try #require(try Self.change(proposed)["id"] as? String)
            #expect(
                proposed.text.contains(#"+  \"answerConfidenceAtLeast\" : 0.99"#)
                    || proposed.text.contains("answerConfidenceAtLeast"), "the reply carries the diff")
            #expect(try await route().decision.policyVersion == "routing-1", "a proposal changes nothing")

            let selfApproval = try await send("/v1/policy-changes/\(id)/approve", alice)
            #expect(
                selfApproval.status == .forbidden && selfApproval.text.contains("another ops lead"),
                "\(selfApproval.text)")
            let adminApproval = try await client.post("/v1/policy-changes/\(id)/approve", json: "{}")
            #expect(adminApproval.status == .forbidden, "an admin is not an approver")
            #expect(try await route().decision.policyVersion == "routing-1")

            let approved = try await send("/v1/policy-changes/\(id)/approve", bob)
            let approver = try Self.change(approved)["approvedBy"] as? String
            #expect(approved.status == .ok && approver == "bob@example.com")
            let after = try await route()
            #expect(
                after.decision.policyVersion == "routing-strict" && after.decision.action != .selfService,
                "\(after.decision)")

            let history = try await client.get("/v1/policies/routing/history")
            #expect(history.text.contains("routing-1") && history.text.contains("routing-strict"))

            let rolledBack = try await send("/v1/policies/routing/rollback", alice, #"{"reason": "too many handoffs"}"#)
            #expect(rolledBack.status == .ok, "\(rolledBack.text)")
            #expect(try await route().decision.policyVersion == "routing-1")
            #expect(
                try await send("/v1/policies/routing/rollback", bob, #"{"reason": "again"}"#).status == .conflict,
                "the first version stays")
        }
        let actions = try fixture.service.store.audit.entries().map(\.action)
        #expect(
            actions.contains("policy-proposed") && actions.contains("policy-change")
                && actions.contains("policy-rollback"))
    }

    @Test(
        """
        the engine never changes a policy by itself: answers, routes, feedback, events and learning leave every \
        policy as approved
        """
    )
    func engineNeverChangesPolicy() async throws {
        let fixture = try ServerFixture()
        let store = fixture.service.store
        let before = try PolicyKind.allCases.map { try store.policies.changes(kind: $0) }
        try await fixture.test { client in
            for i in 0..<5 {
                let answer = try
                    (try await client.post(
                        "/v1/answer",
                        json:
                            #"""
                            {"customer": {"email": "p\#(i)@example.com"}, "message": "How long do I have to return \#
                            an item?"}
                            """#
                    ))
                    .decode(AnswerResponse.self)
                _ = try await client.post(
                    "/v1/feedback",
                    json: #"{"targetKind": "answer", "targetID": "\#(answer.id)", "who": "customer", "rating": "down"}"#
                )
                _ = try await client.post("/v1/route", json: #"{"message": "I will sue you unless a person calls me"}"#)
                _ = try await client.post(
                    "/v1/events", json: #"{"customer": {"email": "p\#(i)@example.com"}, "type": "payment_failed"}"#)
                _ = try await client.post(
                    "/v1/answer",
                    json:
                        #"{"customer": {"email": "p\#(i)@example.com"}, "message": "this is useless, I want a person"}"#
                )
            }
            _ = try await client.post("/v1/retention/run", json: "{}")
        }
        let after = try PolicyKind.allCases.map { try store.policies.changes(kind: $0) }
        #expect(after == before, "no policy change was written")
        let writers = Set(try store.audit.entries().filter { $0.action.hasPrefix("policy") }.map(\.actor))
        #expect(writers == ["configuration"], "only the first start's installation, never the engine: \(writers)")
    }

    @Test("a proposal that is not a valid policy is refused with what is wrong; an unknown kind or change is 404")
    func badProposals() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let bad = try await client.post(
                "/v1/policies/routing/proposals",
                json: #"{"document": {"version": "x", "answerConfidenceAtLeast": 3}, "reason": "r"}"#)
            #expect(bad.status == .badRequest && bad.text.contains("routing policy"), "\(bad.text)")
            #expect(
                try await client.post("/v1/policies/routing/proposals", json: #"{"document": {"version": "y"}}"#).status
                    == .badRequest)
            #expect(try await client.post("/v1/policies/routing/proposals", json: "[1]").status == .badRequest)
            #expect(
                try await client.post(
                    "/v1/policies/nonsense/proposals", json: #"{"document": {"version": "y"}, "reason": "r"}"#
                ).status == .notFound)
            #expect(try await client.get("/v1/policy-changes/pol_missing").status == .notFound)
            #expect(try fixture.service.store.policies.changes(kind: .routing).count == 1)
        }
    }
}
