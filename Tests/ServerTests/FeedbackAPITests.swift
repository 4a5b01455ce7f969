import Answering
import Customers
import Foundation
import Governance
import GroundedCore
import GroundedTesting
import HTTPTypes
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import Records
import Retrieval
import ServiceDesk
import Testing

@testable import Server

@Suite("Feedback over HTTP")
struct FeedbackAPITests {
    static let question = #"{"message": "How long do I have to return an item?"}"#

    /// Rates an answer down with `key`; the response's voter.
    static func down(
        _ client: any TestClientProtocol, _ answerID: String, key: String, who: String = ""
    ) async throws -> String {
        let response = try await client.post(
            "/v1/feedback",
            json: """
                {"targetKind": "answer", "targetID": "\(answerID)", "who": "\(who)", "rating": "down",
                 "text": "wrong section"}
                """, key: key)
        #expect(response.status == .ok, "\(response.text)")
        #expect(response.text.contains(#""questionKind":"return_item""#), "\(response.text)")
        return try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])[
            "voter"] as? String ?? ""
    }

    @Test(
        """
        150 votes from one key move nothing, whatever `who` says: one principal, one vote, below the five voters \
        needed
        """
    )
    func oneVoiceMovesNothing() async throws {
        let fixture = try RouteAPITests.fixture()
        let channel = try fixture.key(.channel, person: "web-chat")
        try await fixture.test(key: channel) { client in
            let answer = try (try await client.post("/v1/answer", json: Self.question)).decode(AnswerResponse.self)
            for i in 0..<150 {
                #expect(
                    try await Self.down(client, answer.id, key: channel, who: "customer-\(i)") == "web-chat (channel)")
            }
            let again = try (try await client.post("/v1/answer", json: Self.question)).decode(AnswerResponse.self)
            #expect(again.text == answer.text && again.citations == answer.citations, "\(again.text)")
            #expect(
                try fixture.service.store.feedback.records(on: .answer, id: answer.id).filter { $0.rating != nil }.count
                    == 1,
                "a repeat replaces the voter's rating")
        }
        let report = try fixture.service.store.feedback.report(policy: .init())
        #expect(!report.passages.isEmpty && report.passages.allSatisfy { $0.voters == 1 && $0.multiplier == nil })
        #expect(
            report.passages.allSatisfy {
                $0.ballots.allSatisfy { $0.voter == "web-chat (channel)" && $0.weight == 0.25 }
            })
    }

    @Test(
        "five distinct agents demote the passage they voted down; the report shows who, and a reset (audited) undoes it"
    )
    func fiveAgentsDemoteAndReset() async throws {
        let fixture = try RouteAPITests.fixture()
        let agents = try ["ana", "ben", "cy", "dee", "eve"].map { try fixture.key(.agent, person: "\($0)@example.com") }
        let manager = try fixture.key(.knowledgeManager, person: "kim@example.com")
        try await fixture.test { client in
            let answer = try (try await client.post("/v1/answer", json: Self.question)).decode(AnswerResponse.self)
            let cited = try #require(answer.citations.first)
            for (i, agent) in agents.enumerated() {
                _ = try await Self.down(client, answer.id, key: agent)
                let report = try (try await client.get("/v1/feedback/report", key: manager)).decode(FeedbackReport.self)
                #expect(report.passages.allSatisfy { ($0.multiplier == nil) == (i < 4) }, "\(i + 1) voters")
            }
            let second = try (try await client.post("/v1/answer", json: Self.question)).decode(AnswerResponse.self)
            #expect(
                second.citations.first.map { "\($0.documentID)@\($0.start)" } != "\(cited.documentID)@\(cited.start)",
                "the answer still leads with the passage five agents voted down: \(second.text)")
            #expect(
                !second.citations.contains { $0.documentID == "returns-policy-uk" },
                "never the UK policy for this customer")

            let report = try (try await client.get("/v1/feedback/report", key: manager)).decode(FeedbackReport.self)
            let moved = try #require(
                report.passages.first { $0.documentID == cited.documentID && $0.start == cited.start })
            #expect(moved.voters == 5 && moved.multiplier.map { $0 < 1 } == true)
            #expect(
                Set(moved.ballots.map(\.voter))
                    == Set(["ana", "ben", "cy", "dee", "eve"].map { "\($0)@example.com (agent)" }))
            let refused = try await client.post("/v1/feedback/reset", json: #"{"reason": "x"}"#, key: agents[0])
            #expect(refused.status == .forbidden, "an agent cannot reset votes")
            let reset = try await client.post(
                "/v1/feedback/reset",
                json: #"{"targetKind": "answer", "targetID": "\#(answer.id)", "reason": "votes on an old version"}"#,
                key: manager)
            #expect(reset.status == .ok && reset.text.contains(#""deleted":5"#), "\(reset.text)")
            #expect(
                try (try await client.get("/v1/feedback/report", key: manager)).decode(FeedbackReport.self).passages
                    .isEmpty)
            let third = try (try await client.post("/v1/answer", json: Self.question)).decode(AnswerResponse.self)
            #expect(
                third.citations.first.map { "\($0.documentID)@\($0.start)" } == "\(cited.documentID)@\(cited.start)")
        }
        #expect(
            try fixture.service.store.audit.entries().contains {
                $0.action == "feedback-reset" && $0.actor == "kim@example.com"
            })
    }

    @Test("feedback on an unknown answer is 404; without a rating, outcome or text it is 400")
    func badFeedback() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let unknown = try await client.post(
                "/v1/feedback", json: #"{"targetKind": "answer", "targetID": "ans_none", "who": "ana", "rating": "up"}"#
            )
            #expect(unknown.status == .notFound)
            let empty = try await client.post(
                "/v1/feedback", json: #"{"targetKind": "chunk", "targetID": "x@1[0, 5)", "who": "ana"}"#)
            #expect(empty.status == .badRequest)
            let planet = try await client.post(
                "/v1/feedback", json: #"{"targetKind": "planet", "targetID": "x", "who": "ana", "rating": "up"}"#)
            #expect(planet.status == .badRequest)
            // A span with a negative offset once trapped the server (TextSpan's precondition).
            for target in ["returns-policy@2[-5, 3)", "returns-policy@2[9, 3)"] {
                let bad = try await client.post(
                    "/v1/feedback", json: #"{"targetKind": "chunk", "targetID": "\#(target)", "rating": "up"}"#)
                #expect(bad.status == .badRequest, "\(target)")
            }
            let still = try await client.post(
                "/v1/feedback", json: #"{"targetKind": "chunk", "targetID": "returns-policy@2[3, 9)", "rating": "up"}"#)
            #expect(still.status == .ok)
        }
    }
}
