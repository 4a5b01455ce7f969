import Foundation
import GroundedCore
import Storage

extension ServiceStore {
    /// Records an answer as sent, with its citations, in one transaction; `body` is its JSON.
    public func saveAnswer(_ record: AnswerRecord) throws {
        try database.transaction {
            _ = try database.run(
                "INSERT INTO answers(id, created_at, channel, status, question, body) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    record.id, InternetTime.string(from: record.createdAt), record.channel, record.status,
                    record.question, record.body,
                ])
            try insertCitations(record.citations, of: record.id)
        }
    }

    /// The answer with this id, with its citations, or nil.
    public func answer(id: String) throws -> AnswerRecord? {
        guard let row = try database.query("SELECT * FROM answers WHERE id = ?", [id]).first else { return nil }
        return AnswerRecord(
            id: row["id"].string!,
            createdAt: InternetTime.date(from: row["created_at"].string ?? "") ?? .distantPast,
            channel: row["channel"].string!, status: row["status"].string!, question: row["question"].string!,
            body: row["body"].string!, citations: try citations(ofAnswer: id))
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

    /// Fills in the citation rows of answers archived before citations had rows of their own,
    /// from the response JSON they were archived with — the one place the store reads that JSON,
    /// once per answer: an answered answer with no rows yet. A body that cannot be read (none
    /// that this service wrote) gets no rows, as feedback on it counted for nothing before.
    func backfillAnswerCitations() throws {
        struct Archived: Decodable {
            struct Cited: Decodable {
                let number: Int
                let documentID: String
                let version: String
                let start: Int
                let end: Int
            }
            let citations: [Cited]
        }
        let rows = try database.query(
            """
            SELECT id, body FROM answers WHERE status = 'answered'
            AND NOT EXISTS (SELECT 1 FROM answer_citations WHERE answer_citations.answer_id = answers.id)
            """)
        guard !rows.isEmpty else { return }
        try database.transaction {
            for row in rows {
                guard let id = row["id"].string,
                    let archived = try? JSONDecoder().decode(Archived.self, from: Data((row["body"].string ?? "").utf8))
                else { continue }
                try insertCitations(
                    archived.citations.map {
                        ArchivedCitation(
                            number: $0.number, documentID: $0.documentID, version: $0.version, start: $0.start,
                            end: $0.end)
                    }, of: id)
            }
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
