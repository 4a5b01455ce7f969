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
        try database.query("SELECT * FROM reviews WHERE state = ? ORDER BY created_at LIMIT ?", [state, limit]).map {
            row in
            ReviewItem(
                answerID: row["answer_id"].string ?? "",
                createdAt: Date(timeIntervalSince1970: row["created_at"].double ?? 0),
                score: row["score"].double, reasons: try RecordCoding.decode([String].self, row["reasons"].string),
                state: row["state"].string ?? "")
        }
    }
}
