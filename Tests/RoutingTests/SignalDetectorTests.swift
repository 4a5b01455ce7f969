import GroundedCore
import Routing
import Testing

@Suite("Sentiment and risk signals")
struct SignalDetectorTests {
    let detector = SignalDetector()

    @Test("sentiment: angry is negative, thanks is positive, negation flips, plain questions are neutral")
    func sentiment() {
        let lexicon = SentimentLexicon()
        #expect(lexicon.score("This is ridiculous and useless!!").score < -0.5)
        #expect(lexicon.score("Thanks, that was really helpful").score > 0.5)
        #expect(lexicon.score("that was not good").score < 0)
        #expect(lexicon.score("How do I reset my thermostat?").score == 0)
        #expect(lexicon.score("I am furious").evidence == ["furious"])
        #expect(detector.signals(in: "Thanks, that was really helpful").sentimentLabel == "positive")
        #expect(detector.signals(in: "This is ridiculous and useless!!").sentimentLabel == "negative")
    }

    @Test(
        "each kind is raised by its cues, with the words as written",
        arguments: [
            ("This is RIDICULOUS, the worst service ever!!", RiskSignal.Kind.anger, ["RIDICULOUS", "worst", "!!"]),
            ("I WANT MY MONEY BACK NOW", .anger, ["WANT MONEY BACK NOW"]),
            (
                "My lawyer will hear about this and I will take you to court", .legalThreat,
                ["lawyer", "take you to court"]
            ),
            ("I'm filing a chargeback and reporting you to the ombudsman", .legalThreat, ["ombudsman", "chargeback"]),
            (
                "Please close my account, I'm switching to another provider", .cancellation,
                ["close my account", "switching to another provider"]
            ),
            ("Cancel my subscription today", .cancellation, ["Cancel my subscription"]),
            (
                "This is the third time I've asked and I already told you my order number", .repeatedContact,
                ["third time", "already told"]
            ),
            (
                "I've called you 4 times and I'm still waiting", .repeatedContact,
                ["called you 4 times", "still waiting"]
            ),
            ("My husband passed away last month and the account was in his name", .vulnerableCustomer, ["passed away"]),
            (
                "I lost my job and can't afford the plan right now", .vulnerableCustomer,
                ["can't afford", "lost my job"]
            ),
            (
                "I'm 84 and I don't understand the app, my carer usually helps", .vulnerableCustomer,
                ["carer", "I'm 84"]
            ),
        ])
    func kinds(message: String, kind: RiskSignal.Kind, evidence: [String]) throws {
        let signals = detector.signals(in: message)
        let found = try #require(
            signals.risks.first { $0.kind == kind }, "\(kind) not raised by “\(message)”: \(signals.risks)")
        #expect(Set(found.evidence) == Set(evidence))
    }

    @Test(
        "plain questions, negated threats and look-alikes raise nothing",
        arguments: [
            "How do I reset my thermostat?",
            "I'm not going to sue, I just want the refund",
            "No need for a lawyer, just tell me the return window",
            "Can I cancel my order before it ships?",
            "My phone died so I couldn't reply yesterday",
            "The blinds app courtesy mode is great",
            "Is the LED driver compatible?",
        ])
    func quiet(message: String) {
        #expect(detector.signals(in: message).risks.isEmpty, "\(detector.signals(in: message).risks)")
    }

    @Test("earlier contacts alone raise repeated contact, from the configured count")
    func earlierContacts() {
        #expect(detector.signals(in: "Where is my parcel?", previousContacts: 1).risks.isEmpty)
        let raised = detector.signals(in: "Where is my parcel?", previousContacts: 2)
        #expect(raised.risks == [RiskSignal(kind: .repeatedContact, evidence: ["2 earlier contacts"])])
        #expect(raised.has(.repeatedContact) && !raised.has(.anger))
    }

    @Test("over a conversation, a risk raised in an earlier message stands; the sentiment is the latest message's")
    func conversation() {
        let s = detector.signals(inConversation: ["I will take you to court over this", "ok thanks, that was helpful"])
        #expect(s.has(.legalThreat) && s.risks.first { $0.kind == .legalThreat }?.evidence == ["take you to court"])
        #expect(s.sentimentLabel == "positive")
        #expect(detector.signals(inConversation: []).risks.isEmpty)
        #expect(detector.signals(inConversation: ["where is my parcel"], previousContacts: 3).has(.repeatedContact))
    }
}
