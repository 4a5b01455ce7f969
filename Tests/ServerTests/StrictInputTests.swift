import Answering
import Customers
import Foundation
import Governance
import GroundedCore
import GroundedTesting
import Hummingbird
import HummingbirdTesting
import Records
import ServiceDesk
import Testing

@testable import Server

@Suite("What is stored is what came in, or a clear refusal")
struct StrictInputTests {
    static func message(_ response: TestResponse) throws -> String { try BadInputTests.error(response).message }

    @Test("every JSON route refuses a field it does not take, naming it, nested fields too")
    func unknownFields() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let answer = try
                (try await client.post(
                    "/v1/answer",
                    json: #"{"customer": {"email": "uf@example.com"}, "message": "Can I talk to a person?"}"#))
                .decode(AnswerResponse.self)
            let conversation = try #require(answer.conversationID)
            let stream = try await client.get("/v1/conversations/\(conversation)/assist?limit=1")
            let suggestions = try #require(try AssistAPITests.events(stream.text).first)
            let suggestion = try #require(
                suggestions.snippets.first?.id ?? suggestions.actions.first?.id, "\(suggestions)")
            let customer = try #require(answer.customerID)
            let calls: [(String, String, String)] = [
                ("POST", "/v1/answer", #"{"message": "Returns?", "explian": true}"#),
                ("POST", "/v1/route", #"{"message": "Returns?", "explian": true}"#),
                (
                    "POST", "/v1/events",
                    #"{"customer": {"email": "uf@example.com"}, "type": "order_placed", "explian": true}"#
                ),
                (
                    "POST", "/v1/feedback",
                    #"""
                    {"targetKind": "answer", "targetID": "\#(answer.id)", "who": "x", "rating": "up", "explian": \#
                    true}
                    """#
                ),
                (
                    "POST", "/v1/conversations/\(conversation)/reply",
                    #"{"agent": "ana", "text": "Hi", "explian": true}"#
                ),
                (
                    "POST", "/v1/suggestions/\(suggestion)/feedback",
                    #"{"agent": "ana", "action": "used", "explian": true}"#
                ),
                ("POST", "/v1/qa/score", #"{"text": "x", "citations": [], "explian": true}"#),
                (
                    "PUT", "/v1/customers/\(customer)/consents",
                    #"{"purpose": "marketing", "granted": true, "explian": true}"#
                ),
                (
                    "POST", "/v1/policies/approval/proposals",
                    #"""
                    {"document": {"version": "a2", "approvalsRequired": 1, "minimumNoticeHours": 0}, "reason": "r", \#
                    "explian": true}
                    """#
                ),
            ]
            for (method, uri, body) in calls {
                let response = try await client.execute(
                    uri: uri, method: .init(method)!, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(method) \(uri): \(response.status)")
                #expect(
                    try Self.message(response).contains("unknown field `explian`"), "\(method) \(uri): \(response.text)"
                )
            }
            let nested = try await client.post(
                "/v1/answer", json: #"{"message": "Returns?", "profile": {"nmae": "Kim"}}"#)
            #expect(
                try Self.message(nested).hasPrefix(
                    "unknown field `profile.nmae`: profile takes consents, customerSince, locale"))
            let turn = try await client.post(
                "/v1/answer", json: #"{"message": "Returns?", "conversation": [{"role": "user", "txt": "hi"}]}"#)
            #expect(try Self.message(turn).hasPrefix("unknown field `conversation[0].txt`"))
            // What a client sent and was refused changed nothing.
            #expect(try fixture.service.store.conversations.conversation(id: conversation)?.turns.count == 1)
        }
        try await fixture.test(key: try fixture.key(.opsLead)) { client in
            let response = try await client.post(
                "/v1/policies/approval/rollback", json: #"{"reason": "r", "explian": true}"#)
            let message = try Self.message(response)
            #expect(response.status == .badRequest && message.contains("unknown field `explian`"), "\(response.text)")
        }
    }

    @Test(
        """
        NUL and other C0 controls are refused with 400 naming the field, in messages, identities, event types and \
        data; tab and newlines are stored whole
        """
    )
    func controlCharacters() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let refused: [(String, String, String)] = [
                (
                    "/v1/answer", #"{"message": "Where is\u0000 my order?"}"#,
                    "field `message` contains the control character U+0000"
                ),
                (
                    "/v1/answer", #"{"message": "Hi", "customer": {"email": "victim@example.com\u0000attacker"}}"#,
                    "field `customer.email`"
                ),
                ("/v1/answer", #"{"message": "Hi\u001b[2J"}"#, "U+001B"),
                (
                    "/v1/events", #"{"customer": {"email": "e@example.com"}, "type": "order\u0000_placed"}"#,
                    "field `type`"
                ),
                (
                    "/v1/events",
                    #"{"customer": {"email": "e@example.com"}, "type": "order_placed", "data": {"note": "a\u0007b"}}"#,
                    "field `data.note`"
                ),
                (
                    "/v1/events",
                    #"{"customer": {"email": "e@example.com"}, "type": "order_placed", "data": {"no\u0000te": "x"}}"#,
                    "field `data.no"
                ),
                ("/v1/route", #"{"message": "x\u007f"}"#, "U+007F"),
            ]
            for (uri, body, phrase) in refused {
                let response = try await client.post(uri, json: body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(try Self.message(response).contains(phrase), "\(body): \(response.text)")
            }
            #expect(try fixture.service.store.answers.count() == 0)
            #expect(try fixture.service.store.customers.count() == 0, "no customer was made from a refused identity")

            let whole = "Where is my order?\n\tIt was due Monday.\r\nThanks"
            let json = String(decoding: try JSONEncoder().encode(["message": whole]), as: UTF8.self)
                .replacingOccurrences(of: "}", with: #", "customer": {"email": "whole@example.com"}}"#)
            let answer = try (try await client.post("/v1/answer", json: json)).decode(AnswerResponse.self)
            let conversationID = try #require(answer.conversationID)
            let stored = try #require(try fixture.service.store.conversations.conversation(id: conversationID))
            #expect(stored.turns.first?.text == whole, "stored exactly as it came")
        }
    }

    @Test(
        """
        bad values get 400 naming the field: phones, event times, dates, identities; a policy missing a field says \
        which
        """
    )
    func badValues() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let cases: [(String, String, String)] = [
                (
                    "/v1/answer", #"{"message": "Hi", "customer": {"phone": "abc"}}"#,
                    "field customer.phone is not a phone number"
                ),
                (
                    "/v1/answer", #"{"message": "Hi", "customer": {"email": "not-an-email"}}"#,
                    "field customer.email is not an email address"
                ),
                ("/v1/events", #"{"customer": {"phone": "12"}, "type": "order_placed"}"#, "field customer.phone"),
                (
                    "/v1/events",
                    #"{"customer": {"email": "t@example.com"}, "type": "order_placed", "at": "9999-12-31T00:00:00Z"}"#,
                    "field at: expected a time"
                ),
                (
                    "/v1/events",
                    #"{"customer": {"email": "t@example.com"}, "type": "order_placed", "at": "yesterday"}"#, "field at"
                ),
                (
                    "/v1/events",
                    #"""
                    {"customer": {"email": "t@example.com"}, "type": "profile_updated", "data": {"customerSince": \#
                    "notadate"}}
                    """#,
                    "field data.customerSince"
                ),
                ("/v1/events", #"{"customer": {"email": "t@example.com"}, "type": "order placed!"}"#, "field type"),
                (
                    "/v1/answer", #"{"message": "Hi", "profile": {"customerSince": "notadate"}}"#,
                    "field profile.customerSince"
                ),
                ("/v1/answer", #"{"message": "Hi", "asOf": "2023-02-30x"}"#, "field asOf"),
                ("/v1/answer", #"{"message": "Hi", "explain": "yes"}"#, "field explain: expected true or false"),
                (
                    "/v1/policies/approval/proposals",
                    #"{"document": {"version": "a2", "approvalsRequired": 1}, "reason": "r"}"#,
                    "field minimumNoticeHours is missing"
                ),
            ]
            for (uri, body, phrase) in cases {
                let response = try await client.post(uri, json: body)
                #expect(response.status == .badRequest, "\(body): \(response.status)")
                let message = try Self.message(response)
                #expect(message.contains(phrase), "\(body): \(message)")
                #expect(!message.contains("CodingKeys") && !message.contains("DecodingError"), "\(message)")
            }
            #expect(try fixture.service.store.customers.count() == 0)
            let ok = try await client.post(
                "/v1/events",
                json:
                    #"""
                    {"customer": {"phone": "+1 (555) 010-2000"}, "type": "order_placed", "at": \#
                    "2026-01-05T10:00:00Z"}
                    """#
            )
            #expect(ok.status == .ok, "\(ok.text)")
        }
    }

    @Test(
        """
        /v1/answer takes asOf (the versions in effect then) and explain (the same explanation ask --explain prints), \
        not archived
        """
    )
    func asOfAndExplain() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let question = "How long do I have to return an item?"
            let now = try (try await client.post("/v1/answer", json: #"{"message": "\#(question)"}"#)).decode(
                AnswerResponse.self)
            let then = try
                (try await client.post(
                    "/v1/answer", json: #"{"message": "\#(question)", "asOf": "2023-06-01", "explain": true}"#))
                .decode(AnswerResponse.self)
            #expect(now.text.contains("45 days") && now.explanation == nil)
            #expect(then.text.contains("30 days"), "\(then.text)")
            #expect(
                then.citations.allSatisfy { $0.version == "1" || $0.documentID != "returns-policy" },
                "\(then.citations)")
            let explanation = try #require(then.explanation)
            #expect(!explanation.sources.isEmpty && explanation.sentences.count == then.citations.count)
            #expect(
                explanation.sources.contains {
                    $0.documentID == then.citations[0].documentID && $0.start <= then.citations[0].start
                })
            let archived = try await client.get("/v1/answers/\(then.id)")
            #expect(archived.status == .ok && !archived.text.contains("explanation"))
        }
    }
}
