import Foundation
import Storage

/// The service's own records, in one SQLite database beside the index: every answer sent over
/// the API (so a short channel can link to the full text). Conversations and customers join it.
///
/// Thread safety: every call goes through the connection's lock (see `Database`).
public final class ServiceStore: Sendable {
    public let database: Database

    static let migrations = [
        """
        CREATE TABLE answers(
            id TEXT PRIMARY KEY, created_at TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL,
            question TEXT NOT NULL, body TEXT NOT NULL);
        """,
    ]

    /// Opens (creating and migrating) `directory/service.sqlite`.
    /// - Throws: `DatabaseError` when the file is not a database or cannot be created.
    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try Database(path: directory.appendingPathComponent("service.sqlite").path)
        try database.migrate(Self.migrations)
    }

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

/// An answer as the API sent it.
public struct AnswerRecord: Sendable, Hashable {
    public var id: String
    public var createdAt: Date
    public var channel: String
    public var status: String
    public var question: String
    /// The response as JSON.
    public var body: String

    public init(id: String, createdAt: Date, channel: String, status: String, question: String, body: String) {
        self.id = id
        self.createdAt = createdAt
        self.channel = channel
        self.status = status
        self.question = question
        self.body = body
    }
}
