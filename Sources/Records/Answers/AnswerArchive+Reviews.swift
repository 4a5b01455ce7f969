import Foundation
import Storage

extension AnswerArchive {
    /// Queues an archived answer for review (once; flagging it again keeps the first entry).
    /// - Throws: `DatabaseError` when the answer is not archived.
    public func flagForReview(answerID: String, score: Double?, reasons: [String], now: Date = Date()) throws {
        _ = try database.run(
            "INSERT INTO reviews(answer_id, created_at, score, reasons, state) VALUES (?, ?, ?, ?, 'open') ON CONFLICT "
                + "DO NOTHING",
            [answerID, now.timeIntervalSince1970, score, try RecordCoding.json(reasons)])
    }

    /// Keeps an archived answer's QA score (for the service report's mean).
    public func saveQAScore(answerID: String, score: Double) throws {
        _ = try database.run(
            "INSERT INTO qa_scores(answer_id, score) VALUES (?, ?) ON CONFLICT(answer_id) DO UPDATE SET score = "
                + "excluded.score",
            [answerID, score])
    }

    /// Review items in a state, oldest first.
    public func reviews(state: String = "open", limit: Int = 100) throws -> [ReviewItem] {
        try database.query("SELECT * FROM reviews WHERE state = ? ORDER BY created_at LIMIT ?", [state, limit]).map(
            Self.item)
    }

    /// The review item of an answer; nil when it was never flagged.
    public func review(answerID: String) throws -> ReviewItem? {
        try database.query("SELECT * FROM reviews WHERE answer_id = ?", [answerID]).first.map(Self.item)
    }

    /// Gives an open or assigned item to `reviewer`.
    /// - Throws: `CustomerError` for an answer not in the queue or already resolved.
    public func assignReview(answerID: String, to reviewer: String) throws -> ReviewItem {
        try database.transaction {
            guard let item = try review(answerID: answerID) else {
                throw CustomerError("answer \(answerID) is not in the review queue")
            }
            guard item.state != "resolved" else { throw CustomerError("the review of \(answerID) is resolved") }
            _ = try database.run(
                "UPDATE reviews SET state = 'assigned', assignee = ? WHERE answer_id = ?", [reviewer, answerID])
            return try review(answerID: answerID)!
        }
    }

    /// Resolves an item with a verdict and a note; once.
    /// - Throws: `CustomerError` for an answer not in the queue or already resolved.
    public func resolveReview(
        answerID: String, verdict: ReviewItem.Verdict, note: String, by reviewer: String, now: Date = Date()
    ) throws -> ReviewItem {
        try database.transaction {
            guard let item = try review(answerID: answerID) else {
                throw CustomerError("answer \(answerID) is not in the review queue")
            }
            guard item.state != "resolved" else { throw CustomerError("the review of \(answerID) is resolved") }
            _ = try database.run(
                """
                UPDATE reviews SET state = 'resolved', verdict = ?, note = ?, resolved_by = ?, resolved_at = ?,
                assignee = coalesce(assignee, ?) WHERE answer_id = ?
                """,
                [verdict.rawValue, note, reviewer, now.timeIntervalSince1970, reviewer, answerID])
            return try review(answerID: answerID)!
        }
    }

    /// Every resolved item with its archived answer and question, oldest first: the labelled
    /// examples a review queue produces.
    public func resolvedReviews() throws -> [(item: ReviewItem, question: String, body: String)] {
        try database.query(
            """
            SELECT r.*, a.question AS question, a.body AS answer_body
            FROM reviews r JOIN answers a ON a.id = r.answer_id
            WHERE r.state = 'resolved' ORDER BY r.resolved_at
            """
        ).map { (try Self.item($0), $0["question"].string ?? "", $0["answer_body"].string ?? "") }
    }

    static func item(_ row: Row) throws -> ReviewItem {
        var item = ReviewItem(
            answerID: row["answer_id"].string ?? "",
            createdAt: Date(timeIntervalSince1970: row["created_at"].double ?? 0),
            score: row["score"].double, reasons: try RecordCoding.decode([String].self, row["reasons"].string),
            state: row["state"].string ?? "")
        item.assignee = row["assignee"].string
        item.verdict = row["verdict"].string.flatMap(ReviewItem.Verdict.init(rawValue:))
        item.note = row["note"].string
        item.resolvedBy = row["resolved_by"].string
        item.resolvedAt = row["resolved_at"].double.map { Date(timeIntervalSince1970: $0) }
        return item
    }
}
