import GroundedCore
import Testing

@Suite("Channel opt-outs and the fallback channel")
struct ContactPreferencesTests {
    @Test("a purpose's setting overrides its channel's; other keys are the customer's own", arguments: Channel.allCases)
    func settings(_ channel: Channel) {
        let c = channel.rawValue
        let prefs = ContactPreferences([
            c: "opted-out", "\(c).follow-up": "opted-in", "language": "en", "preferredChannel": "EMAIL",
        ])
        #expect(!prefs.allows(channel, for: .proactive) && !prefs.allows(channel, for: .answer))
        #expect(prefs.allows(channel, for: .followUp))
        #expect(prefs.preferred == .email)
        for other in Channel.allCases where other != channel {
            #expect(ContactPurpose.allCases.allSatisfy { prefs.allows(other, for: $0) })
        }
        let purposeOnly = ContactPreferences(["\(c).proactive": "Opted-Out"])
        #expect(!purposeOnly.allows(channel, for: .proactive) && purposeOnly.allows(channel, for: .answer))
        #expect(ContactPreferences([c: "opted-in"]).allows(channel, for: .proactive))
    }

    @Test(
        "the channel asked for when allowed; else the preferred one; else in-app; else none",
        arguments: Channel.allCases)
    func fallback(_ requested: Channel) {
        let r = requested.rawValue
        let allowed = ContactPreferences([:]).decide(.proactive, requested: requested)
        #expect(allowed.channel == requested && allowed.requested == requested && allowed.purpose == .proactive)

        let preferred: Channel = requested == .email ? .voice : .email
        let toPreferred = ContactPreferences([r: "opted-out", "preferredChannel": preferred.rawValue])
            .decide(.answer, requested: requested)
        #expect(toPreferred.channel == preferred)
        #expect(
            toPreferred.reason.contains("opted out of \(r)") && toPreferred.reason.contains("preferred channel"),
            "\(toPreferred.reason)")

        let preferredOut = ContactPreferences([
            r: "opted-out", "preferredChannel": preferred.rawValue, preferred.rawValue: "opted-out",
        ]).decide(.followUp, requested: requested)
        if requested == .chat {
            #expect(preferredOut.channel == nil && preferredOut.reason.contains("not sent"))
        } else {
            #expect(preferredOut.channel == .chat && preferredOut.reason.contains("in-app"), "\(preferredOut.reason)")
        }

        let outs = Dictionary([(r, "opted-out"), ("chat", "opted-out")]) { a, _ in a }
        let nothing = ContactPreferences(outs).decide(.proactive, requested: requested)
        #expect(nothing.channel == nil && nothing.reason.contains("not sent"), "\(nothing.reason)")
        #expect(nothing.reason.contains("no preferred channel"))
    }

    @Test("an opt-out for another purpose moves nothing")
    func otherPurpose() {
        let d = ContactPreferences(["sms.proactive": "opted-out"]).decide(.followUp, requested: .sms)
        #expect(d.channel == .sms)
    }

    @Test("a contact setting that cannot be read is named; other keys are not checked")
    func problems() throws {
        #expect(ContactPreferences.problem(in: ["sms": "opted-out", "preferredChannel": "email", "x": "y"]) == nil)
        #expect(ContactPreferences.problem(in: ["sms.follow-up": "opted-in"]) == nil)
        let value = try #require(ContactPreferences.problem(in: ["sms": "no thanks"]))
        #expect(value.contains("sms") && value.contains("opted-out"))
        let channel = try #require(ContactPreferences.problem(in: ["preferredChannel": "pigeon"]))
        #expect(channel.contains("pigeon") && channel.contains("email"))
        let purpose = try #require(ContactPreferences.problem(in: ["email.newsletter": "opted-out"]))
        #expect(purpose.contains("proactive") && purpose.contains("follow-up"))
        #expect(ContactPreferences.problem(in: ["sms.answer.extra": "opted-out"]) != nil)
    }
}
