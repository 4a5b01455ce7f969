import Customers
import Foundation
import Records
import Storage

/// What an agent does in a conversation: reply (the bot then stops) and say what became of a
/// suggestion.
extension ServiceDesk {
    /// An agent's reply: the agent takes the conversation, the reply is appended on the channel
    /// given (else the conversation's last), and a reply made from a suggestion counts as that
    /// suggestion used (or edited) — all in one transaction.
    /// - Returns: the conversation with the reply.
    /// - Throws: `UnknownServiceID` for a conversation or suggestion that does not exist;
    ///   `DatabaseError` when the store cannot be written.
    public func reply(
        in conversationID: String, agent: String, text: String, channel: String? = nil, suggestionID: String? = nil,
        edited: Bool = false
    ) throws -> Conversation {
        guard try store.conversations.conversation(id: conversationID) != nil else {
            throw UnknownServiceID("no conversation with id \(conversationID)")
        }
        if let suggestionID {
            guard try store.suggestions.suggestion(id: suggestionID) != nil else {
                throw UnknownServiceID("no suggestion with id \(suggestionID)")
            }
        }
        return try store.database.transaction {
            try store.handoffs.take(conversationID)
            let lastChannel = try store.conversations.conversation(id: conversationID)?.turns.last?.channel
            let updated = try store.conversations.append(
                [Turn(channel: channel ?? lastChannel ?? "chat", author: .agent, text: text)], to: conversationID)
            if let suggestionID {
                try store.suggestions.recordFeedback(
                    edited ? .edited : .used, on: suggestionID, agent: agent, text: text)
            }
            return updated
        }
    }

    /// Records what an agent did with a suggestion (used, edited, ignored, thumbs up or down).
    /// - Throws: `UnknownServiceID` for a suggestion that does not exist; `DatabaseError`.
    public func recordSuggestionFeedback(
        _ action: SuggestionFeedback, on suggestionID: String, agent: String, text: String? = nil
    ) throws {
        guard try store.suggestions.suggestion(id: suggestionID) != nil else {
            throw UnknownServiceID("no suggestion with id \(suggestionID)")
        }
        try store.suggestions.recordFeedback(action, on: suggestionID, agent: agent, text: text)
    }
}
