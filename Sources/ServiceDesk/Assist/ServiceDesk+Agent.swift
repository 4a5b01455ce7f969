import Customers
import Foundation
import GroundedCore
import Records
import Storage

/// What an agent does in a conversation: reply (the bot then stops) and say what became of a
/// suggestion.
extension ServiceDesk {
    /// An agent's reply: the agent takes the conversation, the reply is appended on the channel
    /// given (else the conversation's last) — or, when the customer opted out of that channel for
    /// follow-ups, on their preferred channel, else in-app, else none (`Turn.delivery` says
    /// which and why) — and a reply made from a suggestion counts as that suggestion used (or
    /// edited) — all in one transaction.
    /// - Returns: the conversation with the reply.
    /// - Throws: `UnknownServiceID` for a conversation or suggestion that does not exist;
    ///   `InvalidServiceRequest` for a channel that is not one; `DatabaseError` when the store
    ///   cannot be written.
    public func reply(
        in conversationID: String, agent: String, text: String, channel: String? = nil, suggestionID: String? = nil,
        edited: Bool = false
    ) throws -> Conversation {
        guard let conversation = try store.conversations.conversation(id: conversationID, recentTurns: 1) else {
            throw UnknownServiceID("no conversation with id \(conversationID)")
        }
        let named = channel ?? conversation.turns.last?.channel ?? Channel.chat.rawValue
        // A conversation's last turn may say `none` (nothing could be sent): in-app is then asked for.
        guard let requested = Channel(rawValue: named.lowercased()) ?? (channel == nil ? .chat : nil) else {
            throw InvalidServiceRequest(
                "channel \"\(named.prefix(40))\" is not one: use "
                    + Channel.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let contact = try store.customers.customer(id: conversation.customerID)?.contact ?? ContactPreferences()
        let delivery = contact.decide(.followUp, requested: requested)
        if let suggestionID {
            guard try store.suggestions.suggestion(id: suggestionID) != nil else {
                throw UnknownServiceID("no suggestion with id \(suggestionID)")
            }
        }
        return try store.database.transaction {
            try store.handoffs.take(conversationID)
            let updated = try store.conversations.append(
                [
                    Turn(
                        channel: delivery.channel?.rawValue ?? "none", author: .agent, text: text, delivery: delivery)
                ], to: conversationID)
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
