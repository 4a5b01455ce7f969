import Customers
import Foundation
import GroundedTesting
import HTTPTypes
import HummingbirdTesting
import Records
import ServiceDesk
import Testing

@testable import Server

@Suite("Proactive outreach over HTTP")
struct OutreachAPITests {
    static func outreach(_ client: any TestClientProtocol, _ customerID: String) async throws -> [Outreach] {
        try await client.get("/v1/customers/\(customerID)/outreach").decode([Outreach].self)
    }

    @Test(
        """
        a failed payment for a consenting customer proposes one grounded SMS within 160 characters; a second event \
        the same day does not
        """
    )
    func paymentFailed() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            _ = try await client.post(
                "/v1/events",
                json:
                    #"""
                    {"customer": {"phone": "+15550100"}, "type": "consent_given", "data": {"purpose": \#
                    "proactive-messaging"}, "at": "2026-11-24T15:00:00Z"}
                    """#
            )
            let event = #"{"customer": {"phone": "+15550100"}, "type": "payment_failed", "at": "2026-11-24T15:05:00Z"}"#
            let customer = try await client.post("/v1/events", json: event).decode(Customer.self)
            let sent = try await Self.outreach(client, customer.id)
            #expect(sent.count == 1)
            let o = try #require(sent.first)
            #expect(o.channel == "sms" && o.text.count <= 160 && o.rule == "payment-failed")
            #expect(o.citations.contains { $0.hasPrefix("billing-policy@") }, "\(o.citations)")
            #expect(o.text.contains("48 hours"))
            let link = try #require(o.text.split(separator: " ").last.map(String.init))
            #expect(
                try await client.get(String(link.dropFirst("https://help.example.com".count))).status == .ok,
                "the link opens the full answer")
            _ = try await client.post(
                "/v1/events",
                json: #"{"customer": {"phone": "+15550100"}, "type": "payment_failed", "at": "2026-11-24T18:00:00Z"}"#)
            #expect(try await Self.outreach(client, customer.id).count == 1, "throttled")
        }
    }

    @Test("without consent, the same event proposes nothing")
    func noConsent() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let customer = try await client.post(
                "/v1/events", json: #"{"customer": {"phone": "+15550199"}, "type": "payment_failed"}"#
            )
            .decode(Customer.self)
            #expect(try await Self.outreach(client, customer.id).isEmpty)
            #expect(try await client.get("/v1/customers/cus_none/outreach").status == .notFound)
        }
    }
}
