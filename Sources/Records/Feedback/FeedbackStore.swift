import Foundation
import Governance
import GroundedCore
import Storage

/// Ratings and outcomes: on answers, chunk spans, suggestions, actions and reply variants; one
/// rating per voter and target.
///
/// Thread safety: a value over the store's connection; every call goes through its lock.
public struct FeedbackStore: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    /// Records feedback. A rating replaces the voter's earlier rating of the same target (one
    /// vote per voter and target); outcomes and text are appended.
    public func record(_ f: FeedbackRecord) throws {
        try database.transaction {
            if f.rating != nil {
                _ = try database.run(
                    "DELETE FROM feedback WHERE target_kind = ? AND target_id = ? AND voter = ? AND rating IS NOT NULL",
                    [f.targetKind.rawValue, f.targetID, f.voter])
            }
            _ = try database.run(
                """
                INSERT INTO feedback(
                    id, at, target_kind, target_id, question_kind, who, rating, outcome, text, voter, voter_role)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    f.id, f.at.timeIntervalSince1970, f.targetKind.rawValue, f.targetID, f.questionKind, f.who,
                    f.rating?.rawValue, f.outcome?.rawValue, f.text, f.voter, f.voterRole,
                ])
        }
    }

    /// Feedback on one target, oldest first.
    public func records(on kind: FeedbackRecord.TargetKind, id: String) throws -> [FeedbackRecord] {
        try database.query(
            "SELECT * FROM feedback WHERE target_kind = ? AND target_id = ? ORDER BY at", [kind.rawValue, id]
        )
        .map(Self.feedbackRecord)
    }

    /// Every rating, oldest first.
    public func ratings() throws -> [FeedbackRecord] {
        try database.query("SELECT * FROM feedback WHERE rating IS NOT NULL ORDER BY at, id").map(Self.feedbackRecord)
    }

    /// Deletes ratings — of one target, or every one — and audits who did it and why, in one
    /// transaction. Outcomes and text stay.
    /// - Returns: how many ratings were deleted.
    @discardableResult
    public func resetRatings(
        targetKind: FeedbackRecord.TargetKind? = nil, targetID: String? = nil, by actor: Principal,
        reason: String
    ) throws -> Int {
        try database.transaction {
            let deleted: Int
            if let targetKind, let targetID {
                deleted = try database.run(
                    "DELETE FROM feedback WHERE rating IS NOT NULL AND target_kind = ? AND target_id = ?",
                    [targetKind.rawValue, targetID])
            } else {
                deleted = try database.run("DELETE FROM feedback WHERE rating IS NOT NULL")
            }
            let subject = targetKind.flatMap { kind in targetID.map { "\(kind.rawValue):\($0)" } } ?? "all"
            try AuditLog(database: database).append(
                AuditEvent(
                    actor: actor.person, action: "feedback-reset", subject: subject,
                    inputs: ["reason": reason, "role": actor.role.rawValue], outcome: "deleted \(deleted) ratings"))
            return deleted
        }
    }

    static func feedbackRecord(_ row: Row) -> FeedbackRecord {
        FeedbackRecord(
            id: row["id"].string ?? "", at: Date(timeIntervalSince1970: row["at"].double ?? 0),
            targetKind: FeedbackRecord.TargetKind(rawValue: row["target_kind"].string ?? "") ?? .answer,
            targetID: row["target_id"].string ?? "", questionKind: row["question_kind"].string ?? "",
            who: row["who"].string ?? "", voter: row["voter"].string ?? "", voterRole: row["voter_role"].string ?? "",
            rating: row["rating"].string.flatMap(FeedbackRecord.Rating.init),
            outcome: row["outcome"].string.flatMap(FeedbackRecord.Outcome.init), text: row["text"].string)
    }

    /// The spans each rating is about: a chunk rating's own span, or every citation of a rated
    /// answer (its archived citation rows). Ratings recorded before voters were (no voter) are
    /// left out.
    public func ratedSpans() throws -> [(rating: FeedbackRecord, span: SpanReference)] {
        var out: [(rating: FeedbackRecord, span: SpanReference)] = []
        for record in try ratings() where !record.voter.isEmpty {
            switch record.targetKind {
            case .chunk:
                if let span = SpanReference(record.targetID) { out.append((record, span)) }
            case .answer:
                for c in try AnswerArchive(database: database).citations(ofAnswer: record.targetID) {
                    out.append(
                        (
                            record,
                            SpanReference(documentID: c.documentID, version: c.version, start: c.start, end: c.end)
                        ))
                }
            case .suggestion, .action, .variant:
                continue
            }
        }
        return out
    }
}
