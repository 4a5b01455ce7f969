import Foundation
import GroundedCore
import Testing

@testable import Routing

@Suite("Proactive messaging")
struct ProactiveTests {
    let planner = try! ProactivePlanner()
    /// 2026-11-24 15:00 UTC: 10:00 in New York, 15:00 in London.
    let afternoon = Date(timeIntervalSince1970: 1_795_532_400)

    @Test("no consent, no message — checked inside the decision")
    func consent() {
        let d = planner.decide(
            event: "payment_failed", consents: false, region: "US", lastOutreach: nil, now: afternoon)
        #expect(!d.send && d.reason.contains("not consented"))
        #expect(
            planner.decide(event: "payment_failed", consents: true, region: "US", lastOutreach: nil, now: afternoon)
                .send)
    }

    @Test("one outreach per customer a day; unknown events propose nothing")
    func throttle() {
        let recent = planner.decide(
            event: "order_delayed", consents: true, region: "GB", lastOutreach: afternoon.addingTimeInterval(-3600),
            now: afternoon)
        #expect(!recent.send && recent.reason.hasPrefix("throttled"))
        #expect(
            planner.decide(
                event: "order_delayed", consents: true, region: "GB",
                lastOutreach: afternoon.addingTimeInterval(-25 * 3600), now: afternoon
            ).send)
        #expect(
            !planner.decide(event: "birthday", consents: true, region: "GB", lastOutreach: nil, now: afternoon).send)
    }

    @Test("inside quiet hours in the customer's time zone, the message waits for 08:00 there")
    func quietHours() throws {
        // 02:00 UTC is 21:00 in New York (quiet) and 02:00 in London (quiet).
        let night = Date(timeIntervalSince1970: 1_795_485_600)
        let us = planner.decide(event: "payment_failed", consents: true, region: "US", lastOutreach: nil, now: night)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/New_York")!
        let sendAt = try #require(us.sendAt)
        #expect(us.send && sendAt > night && calendar.component(.hour, from: sendAt) == 8)
        #expect(sendAt.timeIntervalSince(night) == 11 * 3600)
        let day = planner.decide(
            event: "payment_failed", consents: true, region: "US", lastOutreach: nil, now: afternoon)
        #expect(day.sendAt == afternoon)
    }

    @Test("messages fit the channel: whole sentences while they fit, a cut first sentence marked, the link kept")
    func compose() {
        let link = "https://help.example.com/v1/answers/ans_0123456789abcdef0123"
        let sms = ProactiveMessage.compose(
            opening: "Your last payment didn't go through.",
            sentences: [
                "If a payment fails, we keep your order for 48 hours and email you a link to update the payment "
                    + "method.",
                "After 48 hours the order is cancelled.",
            ], limit: 160, link: link)
        #expect(sms.count <= 160 && sms.hasSuffix(link) && sms.hasPrefix("Your last payment didn't go through."))
        #expect(sms.contains("…"))
        let email = ProactiveMessage.compose(opening: "Hello.", sentences: ["One.", "Two."], limit: 10_000, link: link)
        #expect(email == "Hello. One. Two. " + link)
    }

    @Test("a policy that cannot work is refused")
    func invalid() {
        #expect(throws: IntentDataError.self) { try ProactivePlanner(policy: .init(quietFrom: 25)) }
        #expect(throws: IntentDataError.self) { try ProactivePlanner(policy: .init(defaultTimeZone: "Mars/Olympus")) }
        #expect(throws: IntentDataError.self) { try ProactivePlanner(policy: .init(channelLimits: [:])) }
    }
}

@Suite("Proactive messaging and channel opt-outs")
struct ProactiveOptOutTests {
    let planner = try! ProactivePlanner()
    /// 2026-11-24 15:00 UTC: 10:00 in New York.
    let afternoon = Date(timeIntervalSince1970: 1_795_532_400)

    @Test("an SMS rule for a customer who opted out of SMS goes by their preferred email, at email's length")
    func preferred() throws {
        let d = planner.decide(
            event: "payment_failed", consents: true, region: "US", lastOutreach: nil, now: afternoon,
            contact: ContactPreferences(["sms": "opted-out", "preferredChannel": "email"]))
        #expect(d.send && d.channel == .email && d.characterLimit == 10_000)
        let contact = try #require(d.contact)
        #expect(contact.requested == .sms && contact.purpose == .proactive)
        #expect(d.reason.contains("by email") && d.reason.contains("opted out of sms"), "\(d.reason)")
    }

    @Test("no preferred channel allowed: in-app; in-app opted out too: nothing, and the decision says why")
    func inAppOrNone() {
        let inApp = planner.decide(
            event: "order_delayed", consents: true, region: "GB", lastOutreach: nil, now: afternoon,
            contact: ContactPreferences(["email.proactive": "opted-out"]))
        #expect(inApp.send && inApp.channel == .chat && inApp.characterLimit == 1_000)
        let none = planner.decide(
            event: "checkout_stuck", consents: true, region: "GB", lastOutreach: nil, now: afternoon,
            contact: ContactPreferences(["chat": "opted-out", "preferredChannel": "sms", "sms": "opted-out"]))
        #expect(!none.send && none.channel == nil && none.contact?.channel == nil)
        #expect(none.reason.contains("not sent") && none.reason.contains("checkout-stuck"), "\(none.reason)")
    }

    @Test("quiet hours still hold for a fallback channel")
    func quietHours() throws {
        // 02:00 UTC is 21:00 in New York.
        let night = Date(timeIntervalSince1970: 1_795_485_600)
        let d = planner.decide(
            event: "payment_failed", consents: true, region: "US", lastOutreach: nil, now: night,
            contact: ContactPreferences(["sms": "opted-out", "preferredChannel": "voice"]))
        #expect(d.send && d.channel == .voice && d.characterLimit == 500)
        #expect(try #require(d.sendAt) > night)
    }

    @Test("a rule on a channel that does not exist is refused when the policy is loaded")
    func unknownChannel() {
        var policy = ProactivePolicy()
        policy.rules[0].channel = "pigeon"
        policy.channelLimits["pigeon"] = 100
        #expect(throws: IntentDataError.self) { try ProactivePlanner(policy: policy) }
    }
}
