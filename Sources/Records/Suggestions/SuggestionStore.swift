import Foundation
import Storage

/// Suggestions shown to agents in live conversations, and what agents did with each.
///
/// Thread safety: a value over the store's connection; every call goes through its lock.
public struct SuggestionStore: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    /// Stores suggestions made for a turn, in one transaction.
    public func save(_ suggestions: [StoredSuggestion], now: Date = Date()) throws {
        try database.transaction {
            for s in suggestions {
                _ = try database.run(
                    """
                    INSERT INTO suggestions(id, conversation_id, turn, kind, action_id, body, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                    [s.id, s.conversationID, s.turn, s.kind, s.actionID, s.body, now.timeIntervalSince1970])
            }
        }
    }

    /// The suggestion with this id; nil when there is none.
    public func suggestion(id: String) throws -> StoredSuggestion? {
        try database.query("SELECT * FROM suggestions WHERE id = ?", [id]).first.map {
            StoredSuggestion(
                id: id, conversationID: $0["conversation_id"].string ?? "", turn: $0["turn"].int ?? 0,
                kind: $0["kind"].string ?? "", actionID: $0["action_id"].string, body: $0["body"].string ?? "")
        }
    }

    /// Records what an agent did with a suggestion (for the feedback loop).
    /// - Throws: `CustomerError` for an unknown suggestion or an empty agent name.
    public func recordFeedback(
        _ feedback: SuggestionFeedback, on suggestionID: String, agent: String, text: String? = nil,
        now: Date = Date()
    ) throws {
        guard !agent.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CustomerError("feedback needs the agent who gave it")
        }
        try database.transaction {
            guard try suggestion(id: suggestionID) != nil else { throw CustomerError("no suggestion \(suggestionID)") }
            _ = try database.run(
                "INSERT INTO suggestion_feedback(suggestion_id, agent, action, text, at) VALUES (?, ?, ?, ?, ?)",
                [suggestionID, agent, feedback.rawValue, text, now.timeIntervalSince1970])
        }
    }

    /// Feedback on a suggestion, oldest first.
    public func feedback(on suggestionID: String) throws -> [(agent: String, action: SuggestionFeedback, text: String?)]
    {
        try database.query(
            "SELECT agent, action, text FROM suggestion_feedback WHERE suggestion_id = ? ORDER BY id", [suggestionID]
        ).compactMap {
            guard let a = SuggestionFeedback(rawValue: $0["action"].string ?? "") else { return nil }
            return ($0["agent"].string ?? "", a, $0["text"].string)
        }
    }

    /// Per next-best action: how often agents used or edited it (successes) against ignored or
    /// voted it down (failures), from the feedback on action suggestions.
    public func actionRecords() throws -> [String: (successes: Int, failures: Int)] {
        var out: [String: (successes: Int, failures: Int)] = [:]
        for row in try database.query(
            """
            SELECT s.action_id AS action_id, f.action AS action FROM suggestion_feedback f
            JOIN suggestions s ON s.id = f.suggestion_id WHERE s.kind = 'action' AND s.action_id IS NOT NULL
            """)
        {
            guard let actionID = row["action_id"].string else { continue }
            var r = out[actionID] ?? (0, 0)
            switch row["action"].string {
            case "used", "edited", "thumbs-up": r.successes += 1
            default: r.failures += 1
            }
            out[actionID] = r
        }
        return out
    }
}
