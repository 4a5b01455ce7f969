import Engine
import GroundedTesting
import Testing

@Suite("The same question answered for two customer profiles")
struct ProfileAnswerTests {
    let engine = CorpusFixture.engine
    let briton = CustomerProfile(name: "Alex", region: "GB", locale: "en-GB", consents: [.personalization])
    let american = CustomerProfile(name: "Dana", plan: "basic", region: "US", locale: "en-US")
    let member = CustomerProfile(name: "Sam", plan: "plus", region: "US", consents: [.personalization])

    func ask(_ question: String, _ profile: CustomerProfile?) throws -> GroundedAnswer {
        try engine.ask(question, filter: RetrievalFilter(profile: profile))
    }

    @Test("the return window comes from the UK policy for a UK customer and from the US policy for a US one")
    func returnsByRegion() throws {
        let question = "How many days do I have to return an item?"
        let uk = try ask(question, briton)
        let us = try ask(question, american)
        #expect(uk.status == .answered && us.status == .answered)
        #expect(uk.sentences.allSatisfy { $0.citation.documentID == "returns-policy-uk" }, "\(uk.message)")
        #expect(uk.message.contains("30 days"))
        #expect(us.sentences.allSatisfy { $0.citation.documentID == "returns-policy" }, "\(us.message)")
        #expect(us.message.contains("45 days"))
        // Each customer's search never sees the other region's policy.
        let ukHits = try engine.search(question, k: 20, filter: RetrievalFilter(profile: briton))
        let usHits = try engine.search(question, k: 20, filter: RetrievalFilter(profile: american))
        #expect(!ukHits.contains { $0.documentID == "returns-policy" })
        #expect(!usHits.contains { $0.documentID == "returns-policy-uk" })
        // The boost says why.
        let top = try #require(ukHits.first)
        #expect(top.documentID == "returns-policy-uk" && (top.profileBoost ?? 0) > 0)
        #expect(top.profileReasons?.contains("written for region GB") == true)
    }

    @Test("a Plus member is given the priority line, a basic customer the general one")
    func supportByPlan() throws {
        let question = "How do I reach support by phone?"
        let plus = try ask(question, member)
        let basic = try ask(question, american)
        #expect(plus.sentences.first?.citation.documentID == "plus-priority-support", "\(plus.message)")
        #expect(plus.message.contains("1-800-555-0142"))
        #expect(basic.sentences.first?.citation.documentID == "faq-contact", "\(basic.message)")
        #expect(basic.message.contains("1-800-555-0199") && !basic.message.contains("0142"))
        #expect(plus.sentences.first?.explanation["profileBoost"] == ProfileConfiguration().applicableBoost)
    }

    @Test("an anonymous customer still gets an answer; documents for a region or plan are not withheld from them")
    func anonymous() throws {
        let answer = try ask("How many days do I have to return an item?", nil)
        #expect(answer.status == .answered && answer.greeting == nil)
        let hits = try engine.search("How many days do I have to return an item?", k: 20)
        #expect(hits.allSatisfy { $0.profileBoost == nil })
    }

    @Test(
        """
        the name and plan appear only with consent to personalisation, and the plan only when a source was written \
        for it
        """
    )
    func personalisation() throws {
        let withConsent = try ask("How do I reach support by phone?", member)
        #expect(withConsent.greeting == "Hi Sam, here is what applies to your plus plan.")
        #expect(withConsent.message.hasPrefix("Hi Sam"))
        // The same customer without consent: the same sources, no name anywhere.
        var noConsent = member
        noConsent.consents = []
        let plain = try ask("How do I reach support by phone?", noConsent)
        #expect(plain.greeting == nil && !plain.message.contains("Sam"))
        #expect(plain.sentences.map(\.citation) == withConsent.sentences.map(\.citation))
        // A UK customer with consent and no plan-specific source: name only.
        #expect(try ask("How many days do I have to return an item?", briton).greeting == "Hi Alex.")
        // Dana never consented.
        #expect(try ask("How many days do I have to return an item?", american).greeting == nil)
    }
}
