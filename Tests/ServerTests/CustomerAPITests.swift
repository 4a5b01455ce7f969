import Customers
import Engine
import Foundation
import GroundedTesting
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationEssentialsCompat
import Records
import Server
import ServiceDesk
import Testing

@Suite("Customer API")
struct CustomerAPITests {
    @Test("a customer who moves from chat to SMS continues the same conversation, and its history steers the answer")
    func channelSwitch() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let first = try
                (try await client.post(
                    "/v1/answer",
                    json: """
                        {"customer": {"email": "dana@example.com", "session": "web-9"}, "channel": "chat",
                         "message": "I want to return an item I bought"}
                        """)).decode(AnswerResponse.self)
            let conversationID = try #require(first.conversationID)
            let second = try
                (try await client.post(
                    "/v1/answer",
                    json: """
                        {"customer": {"phone": "+1 555 0100", "email": "Dana@Example.com"}, "channel": "sms",
                         "message": "How many days do I have?"}
                        """)).decode(AnswerResponse.self)
            #expect(second.conversationID == conversationID && second.customerID == first.customerID)
            #expect(second.status == .answered)
            #expect(
                second.citations.contains { $0.documentID.hasPrefix("returns-policy") },
                "\(second.citations.map(\.documentID))")

            let response = try await client.get("/v1/conversations/\(conversationID)")
            #expect(response.status == .ok)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let conversation = try decoder.decode(Conversation.self, from: Data(buffer: response.body))
            #expect(conversation.turns.map(\.channel) == ["chat", "chat", "sms", "sms"])
            #expect(conversation.turns.map(\.author) == [.customer, .bot, .customer, .bot])
            #expect(conversation.turns[3].answerID == second.id && !conversation.turns[3].citations.isEmpty)
        }
    }

    @Test("a long conversation answers a follow-up as a short one does; the store keeps every turn")
    func longConversation() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            func ask(_ message: String, as email: String) async throws -> AnswerResponse {
                try
                    (try await client.post(
                        "/v1/answer",
                        json: #"{"customer": {"email": "\#(email)"}, "channel": "chat", "message": "\#(message)"}"#
                    )).decode(AnswerResponse.self)
            }
            for _ in 0..<20 {
                #expect(try await ask("How much does Lumen Plus cost?", as: "long@example.com").status == .answered)
            }
            var answers: [AnswerResponse] = []
            for email in ["long@example.com", "short@example.com"] {
                _ = try await ask("I want to return an item I bought", as: email)
                _ = try await ask("It arrived last week", as: email)
                answers.append(try await ask("How many days do I have?", as: email))
            }
            #expect(answers[0].status == .answered)
            #expect(
                answers[0].citations.map(\.documentID) == answers[1].citations.map(\.documentID),
                "\(answers.map { $0.citations.map(\.documentID) })")
            let id = try #require(answers[0].conversationID)
            let stored = try #require(try fixture.service.store.conversations.conversation(id: id))
            #expect(stored.turns.count == 46 && stored.turns.map(\.index) == Array(0..<46))
            #expect(fixture.service.desk.configuration.historyTurns < stored.turns.count)
        }
    }

    @Test("an event changes the stored profile at once, and the next answer uses it")
    func eventsUpdateProfile() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let event = try await client.post(
                "/v1/events",
                json: #"""
                    {"customer": {"account": "A-1"}, "type": "consent_given",
                     "data": {"purpose": "personalization"}}
                    """#
            )
            #expect(event.status == .ok)
            _ = try await client.post(
                "/v1/events",
                json:
                    #"""
                    {"customer": {"account": "A-1"}, "type": "profile_updated", "data": {"name": "Sam", "region": \#
                    "GB"}}
                    """#
            )
            let customer = try #require(try fixture.service.store.customers.customer(for: Identity(.account, "A-1")))
            #expect(customer.profile.name == "Sam" && customer.profile.region == "GB")
            let fetched = try await client.get("/v1/customers/\(customer.id)")
            #expect(fetched.status == .ok && String(buffer: fetched.body).contains("\"Sam\""))

            let answer = try
                (try await client.post(
                    "/v1/answer",
                    json: #"""
                        {"customer": {"account": "A-1"},
                         "message": "How many days do I have to return an item?"}
                        """#))
                .decode(AnswerResponse.self)
            #expect(answer.text.hasPrefix("Hi Sam"))
            #expect(
                answer.citations.allSatisfy { $0.documentID != "returns-policy" }, "the US policy does not apply in GB")

            // A request cannot grant a consent the customer withdrew.
            _ = try await client.post(
                "/v1/events",
                json:
                    #"""
                    {"customer": {"account": "A-1"}, "type": "consent_withdrawn", "data": {"purpose": \#
                    "personalization"}}
                    """#
            )
            let again = try
                (try await client.post(
                    "/v1/answer",
                    json: """
                        {"customer": {"account": "A-1"}, "profile": {"consents": ["personalization"]},
                         "message": "How many days do I have to return an item?"}
                        """)).decode(AnswerResponse.self)
            #expect(!again.text.hasPrefix("Hi"))
        }
    }

    @Test("bad events and unknown ids get 4xx JSON errors")
    func badRequests() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let noIdentity = try await client.post("/v1/events", json: #"{"customer": {}, "type": "order_placed"}"#)
            #expect(noIdentity.status == .badRequest)
            let badKind = try await client.post(
                "/v1/events", json: #"{"customer": {"twitter": "@x"}, "type": "order_placed"}"#)
            #expect(badKind.status == .badRequest)
            let missingData = try await client.post(
                "/v1/events", json: #"{"customer": {"email": "x@example.com"}, "type": "plan_changed"}"#)
            #expect(
                missingData.status == .badRequest && String(buffer: missingData.body).contains("needs \\\"plan\\\""))
            #expect(
                try fixture.service.store.customers.customer(for: Identity(.email, "x@example.com")) == nil,
                "a refused event leaves no customer behind")
            let badAnswer = try await client.post(
                "/v1/answer", json: #"{"customer": {"fax": "1"}, "message": "Returns?"}"#)
            #expect(badAnswer.status == .badRequest)
            #expect(try await client.get("/v1/customers/cus_missing").status == .notFound)
            #expect(try await client.get("/v1/conversations/conv_missing").status == .notFound)
        }
        #expect(try fixture.service.store.answers.count() == 0)
    }
}

@Suite("Handoff API")
struct HandoffAPITests {
    @Test("asking for a person hands the conversation over with a summary; the bot then stays quiet")
    func customerAsks() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let customer = #""customer": {"email": "sam@example.com"}"#
            _ = try await client.post(
                "/v1/answer", json: #"{\#(customer), "message": "How long do I have to return an item?"}"#)
            let asked = try
                (try await client.post(
                    "/v1/answer", json: #"{\#(customer), "channel": "sms", "message": "Can I talk to a human?"}"#))
                .decode(AnswerResponse.self)
            #expect(asked.status == .handedOff && asked.citations.isEmpty)
            let handoffID = try #require(asked.handoff?.id)
            let quiet = try
                (try await client.post("/v1/answer", json: #"{\#(customer), "message": "Hello? Order A-5521 please"}"#))
                .decode(AnswerResponse.self)
            #expect(quiet.status == .handedOff && quiet.handoff?.id == handoffID)

            let conversationID = try #require(asked.conversationID)
            let conversation = try #require(try fixture.service.store.conversations.conversation(id: conversationID))
            #expect(conversation.state == .handedOff)
            #expect(
                conversation.turns.map(\.author) == [.customer, .bot, .customer, .customer],
                "no bot turn after the handoff")

            let response = try await client.get("/v1/handoffs/\(handoffID)")
            #expect(response.status == .ok)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let handoff = try decoder.decode(Handoff.self, from: Data(buffer: response.body))
            #expect(handoff.reason == .customerAsked)
            let tried = try #require(handoff.summary.first { $0.topic == "tried" })
            #expect(tried.turns == [0, 1] && tried.sources.allSatisfy { $0.hasPrefix("returns-policy") })
            #expect(handoff.summary.first { $0.topic == "intent" }?.turns == [0])
            let queue = try await client.get("/v1/handoffs")
            #expect(String(buffer: queue.body).contains(handoffID))
            #expect(try await client.get("/v1/handoffs/hof_missing").status == .notFound)
        }
    }

    @Test(
        """
        a decline offers a person and self-service goes on; the second decline in a row hands off, with the declined \
        questions open
        """
    )
    func declinesHandOffAtTheSecond() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            func ask(_ message: String) async throws -> AnswerResponse {
                try
                    (try await client.post(
                        "/v1/answer", json: #"{"customer": {"session": "s-77"}, "message": "\#(message)"}"#))
                    .decode(AnswerResponse.self)
            }
            let first = try await ask("Do you repair electric scooters?")
            #expect(first.status == .declined && first.handoff == nil)
            #expect(first.text.contains(GroundedAnswer.personOffer))
            #expect(try await ask("How long do I have to return an item?").status == .answered, "the bot still answers")
            let again = try await ask("Do you repair electric scooters?")
            #expect(again.status == .declined && again.handoff == nil, "an answer in between starts the count again")
            let second = try await ask("Do you sell smart fridges?")
            #expect(second.status == .declined)
            let handoffID = try #require(second.handoff?.id)
            #expect(second.handoff?.reason.contains("2 questions in a row") == true)
            #expect(second.text.contains(ServiceDesk.passing) && !second.text.contains(GroundedAnswer.personOffer))
            let handoff = try #require(try fixture.service.store.handoffs.handoff(id: handoffID))
            #expect(handoff.reason == .declined)
            #expect(handoff.openQuestions.contains("Do you sell smart fridges?"))
            #expect(try await ask("How much does Lumen Plus cost?").status == .handedOff)
        }
    }

    @Test("after a decline, 'yes, a person please' hands off; a policy of one decline hands off at the first")
    func askedOrPolicy() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let body = #"{"customer": {"session": "s-9"}, "message": "Do you repair electric scooters?"}"#
            #expect(try (try await client.post("/v1/answer", json: body)).decode(AnswerResponse.self).handoff == nil)
            let reply = try
                (try await client.post(
                    "/v1/answer", json: #"{"customer": {"session": "s-9"}, "message": "yes, a person please"}"#))
                .decode(AnswerResponse.self)
            #expect(reply.status == .handedOff && reply.handoff?.id != nil)
        }
        var configuration = ServerConfiguration(publicURL: "https://help.example.com")
        configuration.handoffPolicy = HandoffPolicy(declinesBeforeHandoff: 1)
        let strict = try ServerFixture(configuration: configuration)
        try await strict.test { client in
            let declined = try
                (try await client.post(
                    "/v1/answer",
                    json: #"{"customer": {"session": "s-1"}, "message": "Do you repair electric scooters?"}"#))
                .decode(AnswerResponse.self)
            #expect(declined.status == .declined && declined.handoff?.id != nil)
        }
    }

    @Test(
        """
        the handoff policy refuses a decline count outside 0...10; one stored before the setting existed hands off \
        at the first decline
        """
    )
    func declineSetting() throws {
        #expect(throws: CustomerError.self) { try HandoffPolicy(declinesBeforeHandoff: 11).validate() }
        #expect(throws: CustomerError.self) { try HandoffPolicy(declinesBeforeHandoff: -1).validate() }
        let old = try JSONDecoder().decode(
            HandoffPolicy.self, from: Data(#"{"version": "v1", "sentimentAtOrBelow": -0.6, "phrases": []}"#.utf8))
        #expect(old.declinesBeforeHandoff == 1 && old.handsOff(afterDeclines: 1))
        #expect(!HandoffPolicy(declinesBeforeHandoff: 0).handsOff(afterDeclines: 50))
    }
}

@Suite("Handoff policy over the API")
struct HandoffPolicyAPITests {
    @Test("a message the policy names goes to a person with the rule recorded, though the documents might answer it")
    func policyHandsOff() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let response = try
                (try await client.post(
                    "/v1/answer",
                    json:
                        #"""
                        {"customer": {"email": "pat@example.com"}, "message": "My thermostat caught fire, how do I \#
                        return it?"}
                        """#
                ))
                .decode(AnswerResponse.self)
            #expect(response.status == .handedOff && response.handoff?.reason.contains("\"fire\"") == true)
            let id = try #require(response.handoff?.id)
            let handoff = try #require(try fixture.service.store.handoffs.handoff(id: id))
            #expect(handoff.reason == .policy && handoff.rule?.hasPrefix("policy default-1") == true)
            #expect(handoff.summary.last?.text.contains("policy default-1") == true)
        }
    }
}
