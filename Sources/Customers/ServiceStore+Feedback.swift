import Foundation
import Governance
import GroundedCore
import Retrieval
import Storage

/// One piece of feedback: on what, by whom, and what they said or did.
public struct FeedbackRecord: Sendable, Hashable, Codable {
    public enum TargetKind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An answer sent (`ans_…`); its rating counts for every chunk it cited.
        case answer
        /// An agent suggestion (`sug_…`).
        case suggestion
        /// A chunk span (`documentID@version[start, end)`).
        case chunk
        /// A next-best action or an approved reply variant, by id.
        case action
        case variant
    }
    public enum Rating: String, Sendable, Hashable, Codable { case up, down }
    public enum Outcome: String, Sendable, Hashable, Codable { case used, edited, ignored }

    public var id: String
    public var at: Date
    public var targetKind: TargetKind
    public var targetID: String
    /// The kind of question it was about (an intent); "" when unknown.
    public var questionKind: String
    /// What the caller said of themselves (a note, never who votes; may be empty).
    public var who: String
    /// Who votes: the authenticated principal, `person` and role (`kim@example.com (agent)`);
    /// one voter has one rating per target.
    public var voter: String
    /// The voter's role, which weighs the vote (`FeedbackPolicy.weights`).
    public var voterRole: String
    public var rating: Rating?
    public var outcome: Outcome?
    public var text: String?

    public init(
        id: String = ServiceStore.makeID("fbk_"), at: Date = Date(), targetKind: TargetKind, targetID: String,
        questionKind: String = "", who: String = "", voter: String, voterRole: String, rating: Rating? = nil,
        outcome: Outcome? = nil, text: String? = nil
    ) {
        self.id = id
        self.at = at
        self.targetKind = targetKind
        self.targetID = targetID
        self.questionKind = questionKind
        self.who = who
        self.voter = voter
        self.voterRole = voterRole
        self.rating = rating
        self.outcome = outcome
        self.text = text
    }
}

extension ServiceStore {
    /// Records feedback. A rating replaces the voter's earlier rating of the same target (one
    /// vote per voter and target); outcomes and text are appended.
    public func recordFeedback(_ f: FeedbackRecord) throws {
        try database.transaction {
            if f.rating != nil {
                _ = try database.run(
                    "DELETE FROM feedback WHERE target_kind = ? AND target_id = ? AND voter = ? AND rating IS NOT NULL",
                    [f.targetKind.rawValue, f.targetID, f.voter])
            }
            _ = try database.run(
                """
                INSERT INTO feedback(id, at, target_kind, target_id, question_kind, who, rating, outcome, text, voter, voter_role)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    f.id, f.at.timeIntervalSince1970, f.targetKind.rawValue, f.targetID, f.questionKind, f.who,
                    f.rating?.rawValue, f.outcome?.rawValue, f.text, f.voter, f.voterRole,
                ])
        }
    }

    /// Feedback on one target, oldest first.
    public func feedback(on kind: FeedbackRecord.TargetKind, id: String) throws -> [FeedbackRecord] {
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
            try audit(
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
                if let span = FeedbackPriors.parse(record.targetID) { out.append((record, span)) }
            case .answer:
                for c in try citations(ofAnswer: record.targetID) {
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

    /// Ratings per chunk span and question kind, weighed by `policy`: one ballot per voter, a
    /// weight by role, counted only past `policy.minimumVoters` (see `FeedbackPriors`).
    public func chunkPriors(policy: FeedbackPolicy = .init(), strength: Double = 1) throws -> FeedbackPriors {
        var priors = FeedbackPriors(
            strength: strength, minimumVoters: policy.minimumVoters, maximumEffect: policy.maximumEffect)
        for (record, span) in try ratedSpans() {
            let weight = Role(rawValue: record.voterRole).map(policy.weight(of:)) ?? 0
            guard weight > 0 else { continue }
            priors.add(
                documentID: span.documentID, version: span.version, span: span.span, kind: record.questionKind,
                voter: record.voter, ballot: .init(up: record.rating == .up, weight: weight))
        }
        return priors
    }
}
