import Foundation
import Storage

extension ServiceStore {
    /// Records an answer as sent; `body` is its JSON.
    public func saveAnswer(_ record: AnswerRecord) throws {
        _ = try database.run("INSERT INTO answers(id, created_at, channel, status, question, body) VALUES (?, ?, ?, ?, ?, ?)",
                             [record.id, ISO8601DateFormatter().string(from: record.createdAt), record.channel, record.status,
                              record.question, record.body])
    }

    /// The answer with this id, or nil.
    public func answer(id: String) throws -> AnswerRecord? {
        try database.query("SELECT * FROM answers WHERE id = ?", [id]).first.map { row in
            AnswerRecord(id: row["id"].string!, createdAt: ISO8601DateFormatter().date(from: row["created_at"].string ?? "") ?? .distantPast,
                         channel: row["channel"].string!, status: row["status"].string!, question: row["question"].string!,
                         body: row["body"].string!)
        }
    }

    /// How many answers are recorded.
    public func answerCount() throws -> Int {
        try database.query("SELECT count(*) AS n FROM answers").first?["n"].int ?? 0
    }
}
