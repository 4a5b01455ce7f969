import GroundedCore
import Routing
import Testing

@testable import ServiceDesk

@Suite("The escalate action")
struct EscalateActionTests {
    let catalogue = ActionCatalogue()
    let detector = SignalDetector()

    func ranked(_ messages: [String], previousContacts: Int = 0) -> [RankedAction] {
        let signals = detector.signals(inConversation: messages, previousContacts: previousContacts)
        return catalogue.rank(messages: messages, plan: nil, sentiment: signals.sentiment, signals: signals.risks)
    }

    @Test("a repeated contact raises escalate, naming the words that raised it")
    func repeated() throws {
        let actions = ranked(["This is the third time I'm asking about my refund!"])
        let escalate = try #require(actions.first { $0.action.id == "escalate" })
        #expect(actions.prefix(3).contains { $0.action.id == "escalate" }, "\(actions.map(\.action.id))")
        #expect(escalate.reasons.contains { $0.hasPrefix("repeated contact") && $0.contains("third time") })
    }

    @Test("anger raises escalate with its words; the record of earlier contacts does too")
    func anger() throws {
        let angry = ranked(["This is ABSOLUTELY USELESS, I am furious!!!"])
        let escalate = try #require(angry.first { $0.action.id == "escalate" })
        #expect(escalate.reasons.contains { $0.hasPrefix("anger") }, "\(escalate.reasons)")
        let record = ranked(["Where is my parcel?"], previousContacts: 3)
        #expect(
            record.first { $0.action.id == "escalate" }?.reasons.contains { $0.contains("earlier contact") } == true)
    }

    @Test("a calm first question does not raise escalate")
    func calm() {
        #expect(!ranked(["Where is my parcel?"]).contains { $0.action.id == "escalate" })
    }
}
