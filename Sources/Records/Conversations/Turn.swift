import Foundation
import GroundedCore

/// One turn of a conversation: the channel it came through, who wrote it, what they wrote, and
/// for a bot answer its id and citations.
public struct Turn: Sendable, Hashable, Codable {
    public enum Author: String, Sendable, Hashable, Codable { case customer, bot, agent }

    public var index: Int
    public var at: Date
    public var channel: String
    public var author: Author
    public var text: String
    /// The answer this turn sent (`GET /v1/answers/{id}`), for bot turns.
    public var answerID: String?
    /// The citations of that answer, as `documentID@version[start, end)`.
    public var citations: [String]
    /// For a reply the service sent (an agent's follow-up): the channel it went out on and why,
    /// when the customer's opt-outs moved it (`channel` is then that channel, or `none`).
    public var delivery: ContactDecision?

    public init(
        index: Int = 0, at: Date = Date(), channel: String, author: Author, text: String,
        answerID: String? = nil, citations: [String] = [], delivery: ContactDecision? = nil
    ) {
        self.index = index
        self.at = at
        self.channel = channel
        self.author = author
        self.text = text
        self.answerID = answerID
        self.citations = citations
        self.delivery = delivery
    }
}
