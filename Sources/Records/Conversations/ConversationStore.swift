import Foundation
import GroundedCore
import Storage

/// Conversations with customers across channels, and their turns.
///
/// Thread safety: a value over the store's connection; every call goes through its lock.
public struct ConversationStore: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    /// Conversations a customer started this recently, before the one handed off, count as
    /// earlier contacts about it (seven days: a week is how long customer-service teams commonly
    /// count a repeat contact for first-contact resolution).
    public static let repeatContactWindow: TimeInterval = 7 * 24 * 3600

    /// The customer's other conversations started within `repeatContactWindow` of `now`.
    public func earlierContacts(_ customerID: String, before conversationID: String, now: Date = Date()) throws -> Int {
        try database.query(
            "SELECT COUNT(*) AS n FROM conversations WHERE customer_id = ? AND id != ? AND started_at >= ?",
            [customerID, conversationID, now.timeIntervalSince1970 - Self.repeatContactWindow]
        ).first?["n"].int ?? 0
    }

    /// The customer's current conversation — the latest one not closed and active within
    /// `idleLimit` — or a new one. Whatever the channel: a customer who moves from chat to SMS
    /// continues the same conversation.
    /// - Parameter recentTurns: how many of its latest turns to load (nil: all of them), so a long
    ///   conversation costs each new message no more than a short one.
    /// - Throws: `CustomerError` for an unknown customer.
    public func current(
        for customerID: String, now: Date = Date(), idleLimit: TimeInterval = 24 * 3600, recentTurns: Int? = nil
    ) throws -> Conversation {
        let id: String = try database.transaction {
            // Replicas sharing a store: one opens the customer's conversation, the other finds it.
            try database.lock(key: "conversations:" + customerID)
            guard try CustomerStore(database: database).exists(id: customerID) else {
                throw CustomerError("no customer \(customerID)")
            }
            if let open = try database.query(
                """
                SELECT id FROM conversations WHERE customer_id = ? AND state != 'closed' AND updated_at >= ?
                ORDER BY updated_at DESC LIMIT 1
                """, [customerID, now.timeIntervalSince1970 - idleLimit]
            ).first?["id"].string {
                return open
            }
            let id = RecordCoding.makeID("conv_")
            _ = try database.run(
                "INSERT INTO conversations(id, customer_id, state, started_at, updated_at) VALUES (?, ?, 'bot', ?, ?)",
                [id, customerID, now.timeIntervalSince1970, now.timeIntervalSince1970])
            return id
        }
        return try conversation(id: id, recentTurns: recentTurns)!
    }

    /// The conversation with its turns in order — all of them, or the latest `recentTurns` —; nil
    /// when there is none.
    public func conversation(id: String, recentTurns: Int? = nil) throws -> Conversation? {
        guard let row = try database.query("SELECT * FROM conversations WHERE id = ?", [id]).first else { return nil }
        let rows =
            if let recentTurns {
                try database.query(
                    """
                    SELECT * FROM (SELECT * FROM turns WHERE conversation_id = ? ORDER BY idx DESC LIMIT ?) AS recent
                    ORDER BY idx
                    """, [id, max(0, recentTurns)])
            } else {
                try database.query("SELECT * FROM turns WHERE conversation_id = ? ORDER BY idx", [id])
            }
        let turns = try rows.map { t in
            Turn(
                index: t["idx"].int ?? 0, at: Date(timeIntervalSince1970: t["at"].double ?? 0),
                channel: t["channel"].string ?? "",
                author: Turn.Author(rawValue: t["author"].string ?? "") ?? .customer, text: t["text"].string ?? "",
                answerID: t["answer_id"].string,
                citations: try RecordCoding.decode([String].self, t["citations"].string),
                delivery: try t["delivery"].string.map { try RecordCoding.decode(ContactDecision.self, $0) })
        }
        return Conversation(
            id: id, customerID: row["customer_id"].string ?? "",
            state: Conversation.State(rawValue: row["state"].string ?? "") ?? .bot,
            startedAt: Date(timeIntervalSince1970: row["started_at"].double ?? 0),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"].double ?? 0), turns: turns)
    }

    /// Appends turns to a conversation in one transaction, numbering them after the last.
    /// - Parameter recentTurns: how many of its latest turns the returned conversation holds (nil:
    ///   all of them).
    /// - Returns: the conversation as it is after.
    /// - Throws: `CustomerError` for an unknown or closed conversation; nothing is written.
    @discardableResult
    public func append(_ turns: [Turn], to conversationID: String, recentTurns: Int? = nil) throws -> Conversation {
        try database.transaction {
            // Turn numbers are max + 1: replicas appending to one conversation take turns.
            try database.lock(key: "turns:" + conversationID)
            guard
                let state = try database.query("SELECT state FROM conversations WHERE id = ?", [conversationID]).first?[
                    "state"
                ].string
            else {
                throw CustomerError("no conversation \(conversationID)")
            }
            guard state != Conversation.State.closed.rawValue else {
                throw CustomerError("conversation \(conversationID) is closed")
            }
            var next =
                try database.query(
                    "SELECT coalesce(max(idx) + 1, 0) AS n FROM turns WHERE conversation_id = ?",
                    [conversationID]
                ).first?["n"].int ?? 0
            var latest = 0.0
            for t in turns {
                _ = try database.run(
                    """
                    INSERT INTO turns(conversation_id, idx, at, channel, author, text, answer_id, citations, delivery)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        conversationID, next, t.at.timeIntervalSince1970, t.channel, t.author.rawValue, t.text,
                        t.answerID, try RecordCoding.json(t.citations),
                        try t.delivery.map { try RecordCoding.json($0) },
                    ])
                next += 1
                latest = max(latest, t.at.timeIntervalSince1970)
            }
            _ = try database.run(
                "UPDATE conversations SET updated_at = CASE WHEN updated_at > ?1 THEN updated_at ELSE ?1 END WHERE id "
                    + "= ?2",
                [latest, conversationID])
        }
        return try conversation(id: conversationID, recentTurns: recentTurns)!
    }

    /// Moves a conversation to another state (a person takes over; it closes).
    /// - Throws: `CustomerError` for an unknown conversation.
    public func setState(_ state: Conversation.State, of conversationID: String) throws {
        guard try database.run("UPDATE conversations SET state = ? WHERE id = ?", [state.rawValue, conversationID]) > 0
        else {
            throw CustomerError("no conversation \(conversationID)")
        }
    }
}
