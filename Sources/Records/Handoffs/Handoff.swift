import Foundation
import GroundedCore

/// A conversation handed to a person, with what they need to pick it up without asking the
/// customer to repeat themselves. Every sentence cites the transcript turns it comes from (and,
/// for what the bot answered, the sources it quoted).
public struct Handoff: Sendable, Hashable, Codable {
    /// Why a person takes over.
    public enum Reason: String, Sendable, Hashable, Codable {
        /// The engine could not answer from the documents.
        case declined
        /// The customer asked for a person.
        case customerAsked = "customer-asked"
        /// The handoff policy says so (see `rule`).
        case policy
    }

    public enum State: String, Sendable, Hashable, Codable { case queued, taken, closed }

    public var id: String
    public var conversationID: String
    public var customerID: String
    public var reason: Reason
    /// The policy rule that sent it, for `.policy`.
    public var rule: String?
    /// The queue the route decision chose, when one did.
    public var queue: String?
    public var state: State
    public var createdAt: Date
    public var summary: [SummarySentence]
    /// -1 (angry) ... 1 (pleased), over the customer's turns.
    public var sentiment: Double
    /// Escalation cues in the customer's turns (anger, legal threat, cancellation, repeated
    /// contact, vulnerability), with their words. Empty in handoffs recorded before signals existed.
    public var signals: [RiskSignal]
    public var entities: [MentionedEntity]
    /// What the customer asked that nobody has answered yet.
    public var openQuestions: [String]

    public init(
        id: String, conversationID: String, customerID: String, reason: Reason, rule: String?, queue: String? = nil,
        state: State, createdAt: Date,
        summary: [SummarySentence], sentiment: Double, signals: [RiskSignal], entities: [MentionedEntity],
        openQuestions: [String]
    ) {
        self.id = id
        self.conversationID = conversationID
        self.customerID = customerID
        self.reason = reason
        self.rule = rule
        self.queue = queue
        self.state = state
        self.createdAt = createdAt
        self.summary = summary
        self.sentiment = sentiment
        self.signals = signals
        self.entities = entities
        self.openQuestions = openQuestions
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            conversationID: try c.decode(String.self, forKey: .conversationID),
            customerID: try c.decode(String.self, forKey: .customerID),
            reason: try c.decode(Reason.self, forKey: .reason),
            rule: try c.decodeIfPresent(String.self, forKey: .rule),
            queue: try c.decodeIfPresent(String.self, forKey: .queue), state: try c.decode(State.self, forKey: .state),
            createdAt: try c.decode(Date.self, forKey: .createdAt),
            summary: try c.decode([SummarySentence].self, forKey: .summary),
            sentiment: try c.decode(Double.self, forKey: .sentiment),
            signals: try c.decodeIfPresent([RiskSignal].self, forKey: .signals) ?? [],
            entities: try c.decode([MentionedEntity].self, forKey: .entities),
            openQuestions: try c.decode([String].self, forKey: .openQuestions))
    }
}
