import Customers
import Foundation
import Governance
import GroundedCore
import HTTPTypes
import HummingbirdTesting
import Records
import ServiceDesk
import Testing

@testable import Server

/// The issue's reproduction and each channel: opt-outs are honoured by outreach, by answers and
/// by agents' follow-ups, and every decision says why.
@Suite("Channel opt-outs over HTTP")
struct ContactPreferencesAPITests {
    /// Records an event for the customer with this phone number at 10:00 in New York.
    static func event(
        _ client: any TestClientProtocol, phone: String, _ type: String, _ data: String = "{}"
    ) async throws -> TestResponse {
        try await client.post(
            "/v1/events",
            json: #"""
                {"customer": {"phone": "\#(phone)"}, "type": "\#(type)", "data": \#(data),
                 "at": "2026-11-24T15:00:00Z"}
                """#)
    }

    static func consenting(_ client: any TestClientProtocol, phone: String, preferences: String) async throws -> String
    {
        _ = try await event(client, phone: phone, "consent_given", #"{"purpose": "proactive-messaging"}"#)
        _ = try await event(client, phone: phone, "profile_updated", #"{"region": "US"}"#)
        let set = try await event(client, phone: phone, "preference_set", preferences)
        #expect(set.status == .ok, "\(set.text)")
        return try set.decode(Customer.self).id
    }

    @Test("after an SMS opt-out with email preferred, a failed payment's outreach goes by email and says why")
    func reproduction() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let id = try await Self.consenting(
                client, phone: "+15550101", preferences: #"{"sms": "opted-out", "preferredChannel": "email"}"#)
            _ = try await Self.event(client, phone: "+15550101", "payment_failed")
            let sent = try await OutreachAPITests.outreach(client, id)
            let o = try #require(sent.first)
            #expect(sent.count == 1 && o.channel == "email" && o.rule == "payment-failed")
            #expect(o.contact?.requested == .sms && o.contact?.channel == .email && o.contact?.purpose == .proactive)
            #expect(o.reason.contains("opted out of sms"), "\(o.reason)")
            #expect(o.text.contains("48 hours"), "still the grounded answer: \(o.text)")
        }
    }

    /// Each standard rule's channel (sms, email, chat) opted out, with and without a preferred
    /// channel that is allowed.
    @Test(
        "each rule's channel opted out: the preferred channel, else in-app, else nothing (audited)",
        arguments: [("payment_failed", "sms"), ("order_delayed", "email"), ("checkout_stuck", "chat")])
    func perChannel(_ eventType: String, _ channel: String) async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let preferred = channel == "email" ? "voice" : "email"
            let a = try await Self.consenting(
                client, phone: "+15550201",
                preferences: #"{"\#(channel).proactive": "opted-out", "preferredChannel": "\#(preferred)"}"#)
            _ = try await Self.event(client, phone: "+15550201", eventType)
            #expect(try await OutreachAPITests.outreach(client, a).map(\.channel) == [preferred])

            let b = try await Self.consenting(client, phone: "+15550202", preferences: #"{"\#(channel)": "opted-out"}"#)
            _ = try await Self.event(client, phone: "+15550202", eventType)
            let fallback = try await OutreachAPITests.outreach(client, b)
            #expect(
                fallback.map(\.channel) == (channel == "chat" ? [] : ["chat"]), "in-app, unless chat is the one out")

            let c = try await Self.consenting(
                client, phone: "+15550203", preferences: #"{"\#(channel)": "opted-out", "chat": "opted-out"}"#)
            _ = try await Self.event(client, phone: "+15550203", eventType)
            #expect(try await OutreachAPITests.outreach(client, c).isEmpty)
            let withheld = try fixture.service.store.audit.entries().filter { $0.action == "outreach-withheld" }
            #expect(withheld.contains { $0.subject == c && $0.outcome.contains("not sent") }, "\(withheld)")
        }
    }

    @Test("a contact setting that cannot be read is refused and changes nothing")
    func refused() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let id = try await Self.consenting(client, phone: "+15550301", preferences: #"{"sms": "opted-out"}"#)
            for bad in [#"{"sms": "stop"}"#, #"{"preferredChannel": "fax"}"#, #"{"sms.newsletter": "opted-out"}"#] {
                let r = try await Self.event(client, phone: "+15550301", "preference_set", bad)
                #expect(r.status == .badRequest, "\(bad): \(r.status)")
            }
            let customer = try await client.get("/v1/customers/\(id)").decode(Customer.self)
            #expect(customer.preferences == ["sms": "opted-out"])
        }
    }

    @Test("an SMS question from a customer who opted out of SMS answers is written for their preferred email")
    func answers() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            _ = try await Self.consenting(
                client, phone: "+15550401", preferences: #"{"sms.answer": "opted-out", "preferredChannel": "email"}"#)
            let asked = #"{"customer": {"phone": "+15550401"}, "channel": "sms", "#
            let moved = try await client.post(
                "/v1/answer", json: asked + #""message": "How many days do I have to return an item?"}"#
            ).decode(AnswerResponse.self)
            #expect(moved.status == .answered && moved.channel == .email)
            #expect(moved.delivery?.requested == .sms && moved.delivery?.channel == .email)
            #expect(moved.messages.count == 1 && moved.messages[0].contains("Sources:"), "written for email")
            let conversation = try await client.get("/v1/conversations/\(try #require(moved.conversationID))")
                .decode(Conversation.self)
            #expect(conversation.turns.last?.channel == "email" && conversation.turns.last?.author == .bot)

            let plain = try await client.post(
                "/v1/answer",
                json: #"{"customer": {"phone": "+15550402"}, "channel": "sms", "message": "How do I return an item?"}"#
            ).decode(AnswerResponse.self)
            #expect(plain.channel == .sms && plain.delivery?.channel == .sms)
        }
    }

    @Test("an agent's follow-up to a customer who opted out of SMS follow-ups goes in-app, and the turn says why")
    func followUps() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            _ = try await Self.consenting(client, phone: "+15550501", preferences: #"{"sms.follow-up": "opted-out"}"#)
            let handed = try await client.post(
                "/v1/answer",
                json:
                    #"{"customer": {"phone": "+15550501"}, "channel": "sms", "message": "I want to talk to a person"}"#
            ).decode(AnswerResponse.self)
            #expect(handed.status == .handedOff && handed.channel == .sms, "answers by SMS are still allowed")
            let id = try #require(handed.conversationID)
            let reply = try await client.post(
                "/v1/conversations/\(id)/reply", json: #"{"agent": "ana", "text": "Hi, Ana here. Happy to help."}"#
            ).decode(Conversation.self)
            let turn = try #require(reply.turns.last)
            #expect(turn.author == .agent && turn.channel == "chat")
            #expect(turn.delivery?.requested == .sms && turn.delivery?.purpose == .followUp)
            #expect(turn.delivery?.reason.contains("in-app") == true)
            let bad = try await client.post(
                "/v1/conversations/\(id)/reply", json: #"{"agent": "ana", "text": "hi", "channel": "pigeon"}"#)
            #expect(bad.status == .badRequest)
        }
    }

    @Test("\"555-010-2000\" and \"+1 (555) 010-2000\" are one customer; a GB tenant reads 07700 numbers as +44")
    func phoneNumbers() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let a = try await Self.event(client, phone: "555-010-2000", "order_placed").decode(Customer.self)
            let b = try await Self.event(client, phone: "+1 (555) 010-2000", "order_placed").decode(Customer.self)
            #expect(a.id == b.id && a.identities.map(\.value) == ["+15550102000"])
        }
        var configuration = ServerConfiguration(publicURL: "https://help.example.com")
        configuration.service.phoneRegion = "GB"
        try await ServerFixture(configuration: configuration).test { client in
            let a = try await Self.event(client, phone: "07700 900123", "order_placed").decode(Customer.self)
            let b = try await Self.event(client, phone: "+44 7700 900123", "order_placed").decode(Customer.self)
            #expect(a.id == b.id && a.identities.map(\.value) == ["+447700900123"])
        }
        var wrong = ServerConfiguration()
        wrong.service.phoneRegion = "Atlantis"
        #expect(throws: (any Error).self) { try ServerFixture(configuration: wrong) }
    }
}
