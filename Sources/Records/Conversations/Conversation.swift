import Foundation

/// A conversation with one customer, across every channel they use.
public struct Conversation: Sendable, Hashable, Codable {
    /// Who replies: the bot, or a person who has taken over (the bot then stays quiet).
    public enum State: String, Sendable, Hashable, Codable {
        case bot
        case handedOff = "handed-off"
        case agent, closed
    }

    public var id: String
    public var customerID: String
    public var state: State
    public var startedAt: Date
    public var updatedAt: Date
    public var turns: [Turn]
}
