import Foundation
import Storage

extension ServiceStore {
    /// Conversations a customer started this recently, before the one handed off, count as
    /// earlier contacts about it (seven days: a week is how long customer-service teams commonly
    /// count a repeat contact for first-contact resolution).
    static let repeatContactWindow: TimeInterval = 7 * 24 * 3600

    /// Hands a conversation to a person: writes its summary, queues it, and moves the
    /// conversation to `handed-off` (the bot stops replying), in one transaction. A conversation
    /// already handed off keeps its queued handoff.
    /// - Throws: `CustomerError` for an unknown conversation or customer.
    @discardableResult
    /// - Parameter queue: the queue a route decision chose.
    public func handOff(
        _ conversationID: String, reason: Handoff.Reason, rule: String? = nil, queue: String? = nil,
        summarizer: HandoffSummarizer = .init(), now: Date = Date()
    ) throws -> Handoff {
        try database.transaction {
            if let existing = try database.query(
                "SELECT body FROM handoffs WHERE conversation_id = ? AND state != 'closed' ORDER BY created_at DESC "
                    + "LIMIT 1",
                [conversationID]
            ).first {
                return try Self.decodeHandoff(existing["body"].string)
            }
            guard let conversation = try conversation(id: conversationID) else {
                throw CustomerError("no conversation \(conversationID)")
            }
            guard let customer = try customer(id: conversation.customerID) else {
                throw CustomerError("no customer \(conversation.customerID)")
            }
            let s = summarizer.summarize(
                conversation, customer: customer, reason: reason, rule: rule,
                previousContacts: try earlierContacts(customer.id, before: conversationID, now: now))
            let handoff = Handoff(
                id: Self.makeID("hof_"), conversationID: conversationID, customerID: customer.id, reason: reason,
                rule: rule, queue: queue, state: .queued, createdAt: now, summary: s.sentences, sentiment: s.sentiment,
                signals: s.signals, entities: s.entities, openQuestions: s.open)
            _ = try database.run(
                "INSERT INTO handoffs(id, conversation_id, customer_id, state, created_at, body) VALUES (?, ?, ?, ?, "
                    + "?, ?)",
                [
                    handoff.id, conversationID, customer.id, handoff.state.rawValue, now.timeIntervalSince1970,
                    try Self.handoffJSON(handoff),
                ])
            try setState(.handedOff, of: conversationID)
            return handoff
        }
    }

    /// The customer's other conversations started within `repeatContactWindow` of `now`.
    public func earlierContacts(_ customerID: String, before conversationID: String, now: Date = Date()) throws -> Int {
        try database.query(
            "SELECT COUNT(*) AS n FROM conversations WHERE customer_id = ? AND id != ? AND started_at >= ?",
            [customerID, conversationID, now.timeIntervalSince1970 - Self.repeatContactWindow]
        ).first?["n"].int ?? 0
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
            guard let c = try conversation(id: conversationID) else {
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
            try setState(.agent, of: conversationID)
        }
    }

    /// The handoff with this id; nil when there is none.
    public func handoff(id: String) throws -> Handoff? {
        try database.query("SELECT body FROM handoffs WHERE id = ?", [id]).first.map {
            try Self.decodeHandoff($0["body"].string)
        }
    }

    /// Handoffs in a state, oldest first (the agent queue).
    public func handoffs(state: Handoff.State = .queued) throws -> [Handoff] {
        try database.query("SELECT body FROM handoffs WHERE state = ? ORDER BY created_at", [state.rawValue])
            .map { try Self.decodeHandoff($0["body"].string) }
    }

    /// Every handoff of a conversation, oldest first.
    public func handoffs(conversation conversationID: String) throws -> [Handoff] {
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
