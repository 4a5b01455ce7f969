import Foundation
import GroundedCore

/// The rules that choose who answers, as a versioned document a service-operations lead owns
/// (`Config/routing-policy.json`; the governance issue moves it under approval). Every decision
/// names the version and the rule that decided it.
public struct RoutePolicy: Sendable, Hashable, Codable {
    /// A queue of people and what they can handle.
    public struct Queue: Sendable, Hashable, Codable {
        public var name: String
        /// Languages the queue's agents speak (`en`, `es`); empty: any.
        public var languages: [String]
        /// Products they support; empty: any.
        public var products: [String]
        /// Plans (tiers) they serve; empty: any.
        public var plans: [String]
        /// Conversations the queue takes at once; load above it still routes there when nothing
        /// else fits, but a queue with room is preferred.
        public var capacity: Int

        public init(
            name: String, languages: [String] = [], products: [String] = [], plans: [String] = [], capacity: Int
        ) {
            self.name = name
            self.languages = languages
            self.products = products
            self.plans = plans
            self.capacity = capacity
        }
    }

    public var version: String
    /// Self-service answers only at or above this answer confidence.
    public var answerConfidenceAtLeast: Double
    /// Ask a clarifying question when the two best intents are both at least this probable …
    public var clarifyWhenBothAtLeast: Double
    /// … and within this margin of each other.
    public var clarifyMargin: Double
    /// Signals that always go to a person.
    public var escalateOn: [RiskSignal.Kind]
    /// Anger goes to a person when the sentiment is at or below this.
    public var angerEscalatesAtSentiment: Double
    /// Intents that always go to a person, with the queue's required product (or nil).
    public var personIntents: [String]
    public var queues: [Queue]

    public init(
        version: String = "routing-1", answerConfidenceAtLeast: Double = 0.35, clarifyWhenBothAtLeast: Double = 0.3,
        clarifyMargin: Double = 0.15, escalateOn: [RiskSignal.Kind] = [.legalThreat, .vulnerableCustomer],
        angerEscalatesAtSentiment: Double = -0.5, personIntents: [String] = ["talk_to_agent"],
        queues: [Queue] = [Queue(name: "general", capacity: 10)]
    ) {
        self.version = version
        self.answerConfidenceAtLeast = answerConfidenceAtLeast
        self.clarifyWhenBothAtLeast = clarifyWhenBothAtLeast
        self.clarifyMargin = clarifyMargin
        self.escalateOn = escalateOn
        self.angerEscalatesAtSentiment = angerEscalatesAtSentiment
        self.personIntents = personIntents
        self.queues = queues
    }

    /// Reads a policy file (JSON).
    /// - Throws: `IntentDataError` naming the file and what is wrong.
    public static func load(contentsOf url: URL) throws -> RoutePolicy {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw IntentDataError(
                source: url.path, problem: "cannot read the file (\(error.localizedDescription)); check the path")
        }
        let policy: RoutePolicy
        do { policy = try JSONDecoder().decode(RoutePolicy.self, from: data) } catch {
            throw IntentDataError(source: url.path, problem: "is not a routing policy (\(error))")
        }
        try policy.validate(source: url.path)
        return policy
    }

    /// - Throws: `IntentDataError` naming the setting out of range.
    public func validate(source: String = "routing policy") throws {
        func fail(_ p: String) -> IntentDataError { IntentDataError(source: source, problem: p) }
        if version.isEmpty { throw fail("version is empty") }
        for (name, v) in [
            ("answerConfidenceAtLeast", answerConfidenceAtLeast), ("clarifyWhenBothAtLeast", clarifyWhenBothAtLeast),
            ("clarifyMargin", clarifyMargin),
        ] where !(0...1).contains(v) {
            throw fail("\(name) must be within 0...1, not \(v)")
        }
        if !(-1...1).contains(angerEscalatesAtSentiment) {
            throw fail("angerEscalatesAtSentiment must be within -1...1")
        }
        if queues.isEmpty { throw fail("needs at least one queue") }
        if Set(queues.map(\.name)).count != queues.count { throw fail("queue names must be unique") }
        if let q = queues.first(where: { $0.capacity < 1 || $0.name.isEmpty }) {
            throw fail("queue `\(q.name)` needs a name and a capacity of at least 1")
        }
    }
}
