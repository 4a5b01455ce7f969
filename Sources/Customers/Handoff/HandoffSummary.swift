import Foundation

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
    public var state: State
    public var createdAt: Date
    public var summary: [SummarySentence]
    /// -1 (angry) ... 1 (pleased), over the customer's turns.
    public var sentiment: Double
    public var entities: [EntityExtractor.Entity]
    /// What the customer asked that nobody has answered yet.
    public var openQuestions: [String]
}

/// One sentence of a handoff summary and where it comes from.
public struct SummarySentence: Sendable, Hashable, Codable {
    /// `who`, `intent`, `tried`, `sentiment`, `entities`, `open`, `reason`.
    public var topic: String
    public var text: String
    /// Indexes of the transcript turns it summarises.
    public var turns: [Int]
    /// Document spans it relies on (`documentID@version[start, end)`), or `profile`.
    public var sources: [String]
}
