import Foundation
import GroundedCore
import Storage

/// Every answer sent over the API, as sent: the response JSON (returned, never read), its
/// citations as rows, whom it went to, and — in `AnswerArchive+Reviews` — its QA score and
/// review item.
///
/// Thread safety: a value over the store's connection; every call goes through its lock.
public struct AnswerArchive: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    /// Records an answer as sent, with its citations, in one transaction.
    /// - Throws: `DatabaseError` for an id already archived; nothing is written then.
    public func save(_ record: AnswerRecord) throws {
        try database.transaction {
            _ = try database.run(
                """
                INSERT INTO answers(id, created_at, channel, status, question, body, customer_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    record.id, InternetTime.string(from: record.createdAt), record.channel, record.status,
                    record.question, record.body, record.customerID,
                ])
            try insertCitations(record.citations, of: record.id)
        }
    }

    /// The answer with this id, with its citations, or nil.
    public func answer(id: String) throws -> AnswerRecord? {
        guard let row = try database.query("SELECT * FROM answers WHERE id = ?", [id]).first else { return nil }
        return AnswerRecord(
            id: row["id"].string ?? id,
            createdAt: InternetTime.date(from: row["created_at"].string ?? "") ?? .distantPast,
            channel: row["channel"].string ?? "", status: row["status"].string ?? "",
            question: row["question"].string ?? "", customerID: row["customer_id"].string,
            body: row["body"].string ?? "", citations: try citations(ofAnswer: id))
    }

    /// The spans an archived answer cites, in number order (none for an unknown answer).
    public func citations(ofAnswer id: String) throws -> [ArchivedCitation] {
        try database.query("SELECT * FROM answer_citations WHERE answer_id = ? ORDER BY number", [id]).map {
            ArchivedCitation(
                number: $0["number"].int ?? 0, documentID: $0["document_id"].string ?? "",
                version: $0["version"].string ?? "", start: $0["start_offset"].int ?? 0, end: $0["end_offset"].int ?? 0)
        }
    }

    func insertCitations(_ citations: [ArchivedCitation], of answerID: String) throws {
        for c in citations {
            _ = try database.run(
                """
                INSERT INTO answer_citations(answer_id, number, document_id, version, start_offset, end_offset)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [answerID, c.number, c.documentID, c.version, c.start, c.end])
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
    public func count() throws -> Int {
        try database.query("SELECT count(*) AS n FROM answers").first?["n"].int ?? 0
    }
}
