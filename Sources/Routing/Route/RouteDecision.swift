import GroundedCore

/// What the router knows about one customer message.
public struct RouteInput: Sendable, Hashable, Codable {
    /// The customer, as far as routing cares.
    public struct Customer: Sendable, Hashable, Codable {
        /// Language code (`en`, from a locale such as `en-GB`).
        public var language: String?
        public var plan: String?
        public var products: [String]
        public init(language: String? = nil, plan: String? = nil, products: [String] = []) {
            self.language = language
            self.plan = plan
            self.products = products
        }
    }

    public var message: String
    public var intent: IntentPrediction?
    public var signals: MessageSignals
    public var customer: Customer
    /// The engine's answer confidence, or nil when it declined (or was not asked).
    public var answerConfidence: Double?
    /// The customer asked for a person in words ("talk to a human").
    public var askedForPerson: Bool
    /// Conversations each queue has now.
    public var queueLoad: [String: Int]

    public init(
        message: String, intent: IntentPrediction?, signals: MessageSignals, customer: Customer = .init(),
        answerConfidence: Double?, askedForPerson: Bool = false, queueLoad: [String: Int] = [:]
    ) {
        self.message = message
        self.intent = intent
        self.signals = signals
        self.customer = customer
        self.answerConfidence = answerConfidence
        self.askedForPerson = askedForPerson
        self.queueLoad = queueLoad
    }
}

/// Who answers, why, and everything the decision used — so it can be explained and audited.
public struct RouteDecision: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable {
        case selfService = "self-service"
        case clarify
        case person
    }

    public let action: Action
    /// For `person`: the queue chosen.
    public let queue: String?
    /// For `clarify`: the question to ask.
    public let clarifyingQuestion: String?
    /// The rule that decided (`escalate.legal-threat`, `clarify.close-intents`, …).
    public let rule: String
    /// The decision in words.
    public let reason: String
    /// The policy version that decided.
    public let policyVersion: String
    /// The inputs, as given.
    public let input: RouteInput
    /// Every rule weighed, in order: the one chosen, those not met (and why), and those that also
    /// applied but came later. Nil in decisions recorded before alternatives were kept.
    public var alternatives: [Alternative]? = nil
    /// For `person`: every queue weighed, with its fit, matched skills and load.
    public var queues: [QueueCandidate]? = nil

    /// One rule of the policy as weighed for this message.
    public struct Alternative: Sendable, Hashable, Codable {
        public enum Outcome: String, Sendable, Hashable, Codable {
            case chosen
            /// Its condition did not hold.
            case notMet = "not-met"
            /// Its condition held, but an earlier rule decided.
            case outranked
        }

        public var rule: String
        public var action: Action
        public var outcome: Outcome
        public var reason: String
    }

    /// One queue as weighed for a person decision.
    public struct QueueCandidate: Sendable, Hashable, Codable {
        public var name: String
        /// Whether the queue's skills (language, plan, products) admit the customer.
        public var fits: Bool
        public var matchedSkills: Int
        public var load: Int
        public var capacity: Int
        public var chosen: Bool
    }
}
