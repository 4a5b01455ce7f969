import Foundation
import Testing

@testable import Routing

@Suite("Route decision")
struct RouteDeciderTests {
    static let policyFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/routing-policy.json")

    let decider = try! RouteDecider(policy: RoutePolicy.load(contentsOf: RouteDeciderTests.policyFile))
    let signals = SignalDetector()

    func prediction(_ intent: String?, _ candidates: [(String, Float)], threshold: Float = 0.3) -> IntentPrediction {
        IntentPrediction(
            intent: intent, bestInScope: candidates[0].0, confidence: candidates[0].1, threshold: threshold,
            candidates: candidates.map { .init(intent: $0.0, probability: $0.1) }, reason: "test")
    }

    func input(
        _ message: String, intent: IntentPrediction? = nil, answer: Double? = 0.8,
        customer: RouteInput.Customer = .init(language: "en"),
        asked: Bool = false, load: [String: Int] = [:]
    ) -> RouteInput {
        RouteInput(
            message: message, intent: intent, signals: signals.signals(in: message), customer: customer,
            answerConfidence: answer, askedForPerson: asked, queueLoad: load)
    }

    @Test("a confident answer in scope is self-service; the decision records its rule, policy version and inputs")
    func selfService() {
        let i = input(
            "How long do I have to return an item?",
            intent: prediction("return_item", [("return_item", 0.9), ("refund_status", 0.05)]))
        let d = decider.decide(i)
        #expect(d.action == .selfService && d.rule == "answer.confident" && d.queue == nil)
        #expect(d.policyVersion == "routing-2026-11-24" && d.input == i)
        #expect(d.reason.contains("0.80"))
    }

    @Test(
        """
        legal threats and vulnerability go to a person whatever the answer; so do anger, a person request and \
        person-only intents
        """
    )
    func escalations() {
        #expect(decider.decide(input("I will take you to court over this refund")).rule == "escalate.legal-threat")
        #expect(
            decider.decide(input("My husband passed away, how do I close his account?")).rule
                == "escalate.vulnerable-customer")
        #expect(
            decider.decide(input("This is ridiculous and unacceptable, the worst service!!")).rule == "escalate.anger")
        #expect(decider.decide(input("where is my order", asked: true)).rule == "escalate.asked")
        let agent = decider.decide(
            input(
                "let me talk to someone",
                intent: prediction("talk_to_agent", [("talk_to_agent", 0.9), ("order_status", 0.02)])))
        #expect(agent.action == .person && agent.rule == "escalate.intent")
        // Mild annoyance alone does not escalate.
        #expect(decider.decide(input("a bit annoyed, but how do I reset the hub?")).action == .selfService)
    }

    @Test("two close, probable intents get a clarifying question naming both")
    func clarify() {
        let d = decider.decide(
            input(
                "I want my money back",
                intent: prediction("refund_status", [("refund_status", 0.45), ("return_item", 0.38)])))
        #expect(d.action == .clarify && d.rule == "clarify.close-intents")
        #expect(d.clarifyingQuestion == "Do you mean refund status, or return item?")
    }

    @Test("no answer, a weak one, or an out-of-scope message goes to a person")
    func fallbacks() {
        #expect(decider.decide(input("Do you repair scooters?", answer: nil)).rule == "fallback.no-answer")
        #expect(decider.decide(input("Do you repair scooters?", answer: 0.2)).rule == "fallback.no-answer")
        let oos = decider.decide(
            input(
                "what's the weather", intent: prediction(nil, [("out_of_scope", 0.9), ("order_status", 0.05)]),
                answer: 0.9))
        #expect(oos.rule == "fallback.out-of-scope" && oos.action == .person)
    }

    @Test("the out-of-scope rule names the signal that decided; two close intents still get the clarifying question")
    func outOfScopeSignal() {
        let far = IntentPrediction(
            intent: nil, bestInScope: "order_status", confidence: 0.6, threshold: 1.2,
            candidates: [
                .init(intent: "order_status", probability: 0.6), .init(intent: "out_of_scope", probability: 0.3),
            ],
            reason: "out-of-scope score 2.10 is above 1.20, mostly no training example near", outOfScopeScore: 2.1,
            decidedBy: .nearestExample)
        let d = decider.decide(input("do you sell tickets to the moon", intent: far, answer: 0.9))
        #expect(d.rule == "fallback.out-of-scope" && d.action == .person)
        #expect(d.reason.contains("no training example near"), "\(d.reason)")
        #expect(d.input.intent?.decidedBy == .nearestExample, "the route record keeps which signal decided")
        // Out of scope by its score, yet close to two intents: the customer is asked which.
        let torn = IntentPrediction(
            intent: nil, bestInScope: "refund_status", confidence: 0.45, threshold: 1.2,
            candidates: [
                .init(intent: "refund_status", probability: 0.45), .init(intent: "return_item", probability: 0.38),
            ],
            reason: "out-of-scope score 1.50 is above 1.20, mostly two classes close", outOfScopeScore: 1.5,
            decidedBy: .margin)
        let asked = decider.decide(input("money back for the thing", intent: torn, answer: 0.9))
        #expect(asked.action == .clarify && asked.rule == "clarify.close-intents")
    }

    @Test("the queue matches language, plan and products, prefers room, and falls back to the first queue")
    func queues() {
        let asked = { (c: RouteInput.Customer, load: [String: Int]) in
            decider.decide(input("agent please", customer: c, asked: true, load: load)).queue
        }
        #expect(asked(.init(language: "en"), [:]) == "general")
        #expect(asked(.init(language: "en", plan: "plus"), [:]) == "plus-priority")
        #expect(asked(.init(language: "en", products: ["lumen-hub"]), [:]) == "devices")
        #expect(asked(.init(language: "es"), [:]) == "spanish")
        // Both specialised queues match a Plus customer with a hub; the full one loses to the one with room.
        #expect(
            asked(.init(language: "en", plan: "plus", products: ["lumen-hub"]), ["plus-priority": 4, "devices": 1])
                == "devices")
        #expect(asked(.init(language: "de"), [:]) == "general")
        #expect(
            decider.decide(input("agent please", customer: .init(language: "de"), asked: true)).reason.contains(
                "no queue matches"))
    }

    @Test("an invalid policy is refused with the setting named")
    func invalidPolicy() {
        #expect(throws: IntentDataError.self) { try RouteDecider(policy: RoutePolicy(queues: [])) }
        #expect(throws: IntentDataError.self) { try RouteDecider(policy: RoutePolicy(answerConfidenceAtLeast: 2)) }
        #expect(throws: IntentDataError.self) {
            try RouteDecider(
                policy: RoutePolicy(queues: [.init(name: "a", capacity: 1), .init(name: "a", capacity: 2)]))
        }
    }
}

@Suite("Route decision alternatives")
struct RouteAlternativesTests {
    let base = RouteDeciderTests()

    @Test("every rule is weighed in order: the one chosen, those not met with why, those outranked")
    func weighed() throws {
        let d = base.decider.decide(
            base.input(
                "How long do I have to return an item?",
                intent: base.prediction("return_item", [("return_item", 0.9), ("refund_status", 0.05)])))
        let alternatives = try #require(d.alternatives)
        let chosen = try #require(alternatives.firstIndex { $0.outcome == .chosen })
        #expect(alternatives[chosen].rule == d.rule && d.rule == "answer.confident")
        #expect(alternatives[..<chosen].allSatisfy { $0.outcome == .notMet }, "the rules before it did not hold")
        #expect(alternatives.first { $0.rule == "escalate.asked" }?.reason == "the customer did not ask for a person")
        let clarify = try #require(alternatives.first { $0.rule == "clarify.close-intents" })
        #expect(clarify.reason.contains("return_item (0.90)") && clarify.reason.contains("refund_status (0.05)"))
        #expect(alternatives.last.map { $0.rule == "fallback.no-answer" && $0.outcome == .outranked } == true)
        #expect(d.queues == nil, "no queue is weighed for self-service")
    }

    @Test("a person decision weighs every queue and marks the one chosen")
    func queues() throws {
        let d = base.decider.decide(base.input("I want a human", asked: true))
        let queues = try #require(d.queues)
        #expect(queues.count == base.decider.policy.queues.count)
        #expect(queues.filter(\.chosen).map(\.name) == [d.queue])
        #expect(d.alternatives?.first { $0.rule == "answer.confident" }?.outcome == .outranked)
    }
}

@Suite("Experiment statistics")
struct ExperimentStatisticsTests {
    @Test("the normal quantile matches the table; Wilson intervals hold the rate and stay in 0…1")
    func quantilesAndIntervals() throws {
        #expect(abs(ExperimentStatistics.normalQuantile(0.975) - 1.959964) < 1e-5)
        #expect(abs(ExperimentStatistics.normalQuantile(0.99) - 2.326348) < 1e-5)
        #expect(abs(ExperimentStatistics.normalQuantile(0.001) + 3.090232) < 1e-5)
        let w = try #require(ExperimentStatistics.wilson(10, of: 100))
        // Wilson 95% for 10/100: 5.52% … 17.44%.
        #expect(abs(w.lowerBound - 0.0552) < 5e-4 && abs(w.upperBound - 0.1744) < 5e-4)
        #expect(ExperimentStatistics.wilson(0, of: 20)?.lowerBound == 0)
        #expect(ExperimentStatistics.wilson(0, of: 0) == nil)
    }

    @Test("the tests point the right way: a higher rate and a lower mean give a positive z")
    func tests() throws {
        let z = try #require(ExperimentStatistics.higherRate(arm: (30, 100), control: (10, 100)))
        #expect(z > 3)
        #expect(try #require(ExperimentStatistics.higherRate(arm: (10, 100), control: (30, 100))) < 0)
        let q = try #require(
            ExperimentStatistics.lowerMean(arm: (mean: 0.6, sd: 0.2, n: 100), control: (mean: 0.8, sd: 0.2, n: 100)))
        #expect(abs(q - 0.2 / (0.2 * (2.0 / 100).squareRoot())) < 1e-9)
        #expect(ExperimentStatistics.higherRate(arm: (0, 10), control: (0, 10)) == nil)
    }
}
