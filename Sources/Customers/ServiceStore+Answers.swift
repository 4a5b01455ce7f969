import Foundation
import GroundedCore
import Storage

extension ServiceStore {
    /// Records an answer as sent; `body` is its JSON.
    public func saveAnswer(_ record: AnswerRecord) throws {
        _ = try database.run(
            "INSERT INTO answers(id, created_at, channel, status, question, body) VALUES (?, ?, ?, ?, ?, ?)",
            [
                record.id, InternetTime.string(from: record.createdAt), record.channel, record.status,
                record.question, record.body,
            ])
    }

    /// The answer with this id, or nil.
    public func answer(id: String) throws -> AnswerRecord? {
        try database.query("SELECT * FROM answers WHERE id = ?", [id]).first.map { row in
            AnswerRecord(
                id: row["id"].string!,
                createdAt: InternetTime.date(from: row["created_at"].string ?? "") ?? .distantPast,
                channel: row["channel"].string!, status: row["status"].string!, question: row["question"].string!,
                body: row["body"].string!)
        }
    }

    /// How many of the bot's latest replies in `conversation` were declines, counting back to its
    /// last answer or an agent's reply: the statuses of those replies only, in one query.
    public func declinesInARow(_ conversation: Conversation) throws -> Int {
        var ids: [String] = []
        for turn in conversation.turns.reversed() where turn.author != .customer {
            guard turn.author == .bot, let id = turn.answerID else { break }
            ids.append(id)
        }
        guard !ids.isEmpty else { return 0 }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let rows = try database.query("SELECT id, status FROM answers WHERE id IN (\(marks))", ids)
        let status = Dictionary(rows.compactMap { r in r["id"].string.map { ($0, r["status"].string ?? "") } }) {
            a, _ in a
        }
        return ids.prefix { status[$0] == "declined" }.count
    }

    /// How many answers are recorded.
    public func answerCount() throws -> Int {
        try database.query("SELECT count(*) AS n FROM answers").first?["n"].int ?? 0
    }
}
