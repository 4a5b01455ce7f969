import Foundation
import Storage

/// Conversations handed to a person: the queue agents work from.
///
/// Thread safety: a value over the store's connection; every call goes through its lock.
public struct HandoffStore: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    /// Hands a conversation to a person: writes the handoff `make` draws up from the conversation,
    /// its customer and how many earlier contacts they made (`ConversationStore.earlierContacts`),
    /// queues it, and moves the conversation to `handed-off` (the bot stops replying), in one
    /// transaction. A conversation already handed off keeps its open handoff, and `make` is not
    /// called.
    /// - Throws: `CustomerError` for an unknown conversation or customer; what `make` throws.
    @discardableResult
    public func handOff(
        _ conversationID: String, now: Date = Date(),
        make: (Conversation, Customer, _ earlierContacts: Int) throws -> Handoff
    ) throws -> Handoff {
        try database.transaction {
            if let existing = try database.query(
                "SELECT body FROM handoffs WHERE conversation_id = ? AND state != 'closed' ORDER BY created_at DESC "
                    + "LIMIT 1",
                [conversationID]
            ).first {
                return try Self.decodeHandoff(existing["body"].string)
            }
            let conversations = ConversationStore(database: database)
            guard let conversation = try conversations.conversation(id: conversationID) else {
                throw CustomerError("no conversation \(conversationID)")
            }
            guard let customer = try CustomerStore(database: database).customer(id: conversation.customerID) else {
                throw CustomerError("no customer \(conversation.customerID)")
            }
            let earlier = try conversations.earlierContacts(customer.id, before: conversationID, now: now)
            let handoff = try make(conversation, customer, earlier)
            _ = try database.run(
                "INSERT INTO handoffs(id, conversation_id, customer_id, state, created_at, body) VALUES (?, ?, ?, ?, "
                    + "?, ?)",
                [
                    handoff.id, conversationID, customer.id, handoff.state.rawValue, now.timeIntervalSince1970,
                    try Self.handoffJSON(handoff),
                ])
            try conversations.setState(.handedOff, of: conversationID)
            return handoff
        }
    }

    /// Open (queued or taken) handoffs per queue: each queue's load. Handoffs without a queue are
    /// not counted.
    public func queueLoad() throws -> [String: Int] {
        var load: [String: Int] = [:]
        for row in try database.query("SELECT body FROM handoffs WHERE state != 'closed'") {
            if let queue = try Self.decodeHandoff(row["body"].string).queue { load[queue, default: 0] += 1 }
        }
        return load
    }

    /// A person takes the conversation: its open handoff is marked taken and the conversation
    /// moves to `agent`. Idempotent.
    /// - Throws: `CustomerError` for an unknown or closed conversation.
    public func take(_ conversationID: String) throws {
        try database.transaction {
            let conversations = ConversationStore(database: database)
            guard let c = try conversations.conversation(id: conversationID) else {
                throw CustomerError("no conversation \(conversationID)")
            }
            guard c.state != .closed else { throw CustomerError("conversation \(conversationID) is closed") }
            for row in try database.query(
                "SELECT id, body FROM handoffs WHERE conversation_id = ? AND state = 'queued'", [conversationID])
            {
                var h = try Self.decodeHandoff(row["body"].string)
                h.state = .taken
                _ = try database.run(
                    "UPDATE handoffs SET state = 'taken', body = ? WHERE id = ?", [try Self.handoffJSON(h), h.id])
            }
            try conversations.setState(.agent, of: conversationID)
        }
    }

    /// The handoff with this id; nil when there is none.
    public func handoff(id: String) throws -> Handoff? {
        try database.query("SELECT body FROM handoffs WHERE id = ?", [id]).first.map {
            try Self.decodeHandoff($0["body"].string)
        }
    }

    /// Handoffs in a state, oldest first (the agent queue).
    public func list(state: Handoff.State = .queued) throws -> [Handoff] {
        try database.query("SELECT body FROM handoffs WHERE state = ? ORDER BY created_at", [state.rawValue])
            .map { try Self.decodeHandoff($0["body"].string) }
    }

    /// Every handoff of a conversation, oldest first.
    public func list(conversation conversationID: String) throws -> [Handoff] {
        try database.query("SELECT body FROM handoffs WHERE conversation_id = ? ORDER BY created_at", [conversationID])
            .map { try Self.decodeHandoff($0["body"].string) }
    }

    static func handoffJSON(_ h: Handoff) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(h), as: UTF8.self)
    }

    static func decodeHandoff(_ text: String?) throws -> Handoff {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Handoff.self, from: Data((text ?? "").utf8))
    }
}
