import Customers
import Engine
import Foundation
import Governance
import GroundedTesting
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Records
import Routing
import ServiceDesk
import Testing

@testable import Server

/// A reply experiment as an ops lead runs it: approved like any policy, served by stable hash,
/// reported with intervals, and an arm that escalates more is stopped by the guardrail.
@Suite("Reply experiments")
struct ExperimentAPITests {
    static let brief = ExperimentPolicy.Arm(
        id: "brief", share: 1,
        variant: ReplyVariant(greeting: false, maxSentences: 1, closingOffer: "Is there anything else I can help with?")
    )

    static func policy(minimum: Int = 10) -> ExperimentPolicy {
        ExperimentPolicy(
            version: "experiment-brief-1",
            experiment: .init(
                id: "brief-replies", arms: [.init(id: "control"), brief],
                guardrail: .init(minimumConversations: minimum, alpha: 0.01, checkEvery: 1_000)))
    }

    static func fixture(
        _ policy: ExperimentPolicy = policy(), engine: GroundedEngine = CorpusFixture.engine
    ) throws -> ServerFixture {
        var configuration = ServerConfiguration(publicURL: "https://help.example.com")
        configuration.service.experimentPolicy = policy
        return try ServerFixture(configuration: configuration, engine: engine)
    }

    static func ask(_ client: any TestClientProtocol, _ email: String, _ message: String) async throws -> AnswerResponse
    {
        let body = String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
        return try await client.post(
            "/v1/answer", json: #"{"customer": {"email": "\#(email)"}, "message": \#(body)}"#
        ).decode(AnswerResponse.self)
    }

    @Test(
        "each customer keeps one arm; the brief arm answers in one sentence with a closing offer, the control as usual")
    func serving() async throws {
        try await Self.fixture().test { client in
            let question = "How long do I have to return an item?"
            var seen: [String: AnswerResponse] = [:]
            for i in 0..<16 {
                let first = try await Self.ask(client, "arm\(i)@example.com", question)
                let again = try await Self.ask(client, "arm\(i)@example.com", "Where is my order?")
                let arm = try #require(first.experiment)
                #expect(arm.experiment == "brief-replies" && again.experiment?.arm == arm.arm, "stable per customer")
                seen[arm.arm] = first
            }
            let brief = try #require(seen["brief"])
            let control = try #require(seen["control"])
            #expect(brief.citations.count == 1 && brief.text.hasSuffix("Is there anything else I can help with?"))
            #expect(control.citations.count == 2 && !control.text.contains("anything else"))
            #expect(control.text.hasPrefix(brief.text.components(separatedBy: " [1]")[0]), "the same lead sentence")
        }
    }

    @Test("an arm that escalates significantly more is stopped, audited, serves the control's reply, and shows so")
    func guardrail() async throws {
        let fixture = try Self.fixture()
        try await fixture.test { client in
            // Control customers are answered; brief ones ask for a person: 100% escalation.
            var counts: [String: Int] = [:]
            for i in 0..<60 {
                let email = "g\(i)@example.com"
                let arm = try #require(
                    try await Self.ask(client, email, "Which payment methods do you accept?").experiment)
                counts[arm.arm, default: 0] += 1
                if arm.arm == "brief" { _ = try await Self.ask(client, email, "Can I talk to a person?") }
            }
            #expect((counts["brief"] ?? 0) >= 10 && (counts["control"] ?? 0) >= 10, "\(counts)")
            let stopped = try await client.post("/v1/experiment/guardrail", json: "{}")
            #expect(stopped.status == .ok && stopped.text.contains("escalation"), "\(stopped.text)")
            let audit = try fixture.service.store.audit.entries().filter { $0.action == "experiment-arm-stopped" }
            #expect(audit.map(\.subject) == ["brief-replies/brief"])
            #expect(try await client.post("/v1/experiment/guardrail", json: "{}").text == "[]", "stopped once")

            // A new customer of the brief arm (the earlier ones are with a person now).
            var servedControl: AnswerResponse?
            for i in 100..<140 where servedControl == nil {
                let r = try await Self.ask(client, "late\(i)@example.com", "How long do I have to return an item?")
                if r.experiment?.arm == "brief" { servedControl = r }
            }
            let control = try #require(servedControl)
            #expect(control.experiment?.stopped == true && control.citations.count == 2)
            #expect(!control.text.contains("anything else"), "the control's reply")

            let report = try await client.get("/v1/experiment").decode(ExperimentReport.self)
            let brief = try #require(report.arms.first { $0.id == "brief" })
            let controlArm = try #require(report.arms.first { $0.id == "control" })
            #expect(brief.stopped != nil && controlArm.stopped == nil)
            let escalation = try #require(brief.escalation)
            #expect(escalation.low <= escalation.percent && escalation.percent <= escalation.high)
            #expect(escalation.low > (controlArm.escalation?.high ?? 100), "the intervals do not overlap")
        }
    }

    @Test("an experiment is a policy: a proposal changes nothing until a second ops lead approves it")
    func gated() async throws {
        let fixture = try Self.fixture(ExperimentPolicy())
        let alice = try fixture.key(.opsLead, person: "alice@example.com")
        let bob = try fixture.key(.opsLead, person: "bob@example.com")
        let document = String(decoding: try JSONEncoder().encode(Self.policy()), as: UTF8.self)
        try await fixture.test { client in
            func send(_ uri: String, _ key: String, _ body: String = "{}") async throws -> TestResponse {
                try await client.execute(
                    uri: uri, method: .post,
                    headers: [.contentType: "application/json", .authorization: "Bearer \(key)"],
                    body: ByteBuffer(string: body))
            }
            #expect(try await client.get("/v1/experiment").status == .notFound)
            let proposed = try await send(
                "/v1/policies/experiment/proposals", alice, #"{"document": \#(document), "reason": "shorter replies"}"#)
            #expect(proposed.status == .created, "\(proposed.text)")
            #expect(try await client.get("/v1/experiment").status == .notFound, "a proposal changes nothing")
            #expect(try await Self.ask(client, "p@example.com", "How do I return an item?").experiment == nil)
            let id = try #require(try PolicyAPITests.change(proposed)["id"] as? String)
            #expect(try await send("/v1/policy-changes/\(id)/approve", bob).status == .ok)
            #expect(try await client.get("/v1/experiment").status == .ok)
            #expect(try await Self.ask(client, "p@example.com", "How do I return an item?").experiment != nil)
            var bad = Self.policy()
            bad.experiment?.arms[1].variant.closingOffer = "We pay you $20."
            let refused = try await send(
                "/v1/policies/experiment/proposals", alice,
                #"{"document": \#(String(decoding: try JSONEncoder().encode(bad), as: UTF8.self)), "reason": "x"}"#)
            #expect(refused.status == .badRequest && refused.text.contains("closingOffer"), "\(refused.text)")
        }
    }
}
