import Routing
import Testing

@testable import ServiceDesk

@Suite("Next-best actions learn from agents")
struct ActionLearningTests {
    let catalogue = ActionCatalogue()
    /// "refund" and "replacement" match equally well; "escalate" does not match at all.
    let messages = ["My order arrived broken and I want my money back"]

    @Test("among close matches, the action agents keep using takes the lead; the keyword order stands without a record")
    func learns() {
        let ranked = catalogue.rank(messages: messages, plan: nil, sentiment: 0)
        #expect(Set(ranked.prefix(2).map(\.action.id)) == ["refund", "replacement"])
        var sampler = BetaSampler(seed: 3)
        #expect(catalogue.learned(ranked, records: [:], sampler: &sampler).map(\.action.id).count == ranked.count)
        let second = ranked[1].action.id
        let first = ranked[0].action.id
        let records = [
            second: VariantChooser.Record(successes: 40, failures: 2),
            first: VariantChooser.Record(successes: 3, failures: 37),
        ]
        var leads: [String: Int] = [:]
        for seed in 0..<200 {
            var s = BetaSampler(seed: UInt64(seed))
            leads[catalogue.learned(ranked, records: records, sampler: &s)[0].action.id, default: 0] += 1
        }
        #expect(leads[second] == 200, "\(leads)")
        var s = BetaSampler(seed: 1)
        #expect(catalogue.learned(ranked, records: records, sampler: &s)[0].reasons.last?.contains("Thompson") == true)
    }

    @Test("an unapproved action is never offered, however well it matches")
    func unapproved() {
        var actions = ActionCatalogue.standard
        actions[actions.firstIndex { $0.id == "refund" }!].approved = false
        let ranked = ActionCatalogue(actions: actions).rank(messages: messages, plan: nil, sentiment: 0)
        #expect(!ranked.contains { $0.action.id == "refund" })
        var s = BetaSampler(seed: 2)
        let learned = ActionCatalogue(actions: actions).learned(
            ranked, records: ["refund": .init(successes: 100, failures: 0)], sampler: &s)
        #expect(!learned.contains { $0.action.id == "refund" })
    }
}
