import Foundation
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
    /// Who gave it: an agent's id, or `customer:<id>`.
    public var who: String
    public var rating: Rating?
    public var outcome: Outcome?
    public var text: String?

    public init(id: String = ServiceStore.makeID("fbk_"), at: Date = Date(), targetKind: TargetKind, targetID: String,
                questionKind: String = "", who: String, rating: Rating? = nil, outcome: Outcome? = nil, text: String? = nil) {
        self.id = id
        self.at = at
        self.targetKind = targetKind
        self.targetID = targetID
        self.questionKind = questionKind
        self.who = who
        self.rating = rating
        self.outcome = outcome
        self.text = text
    }
}

extension ServiceStore {
    /// Records feedback (append-only).
    public func recordFeedback(_ f: FeedbackRecord) throws {
        _ = try database.run("""
            INSERT INTO feedback(id, at, target_kind, target_id, question_kind, who, rating, outcome, text)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [f.id, f.at.timeIntervalSince1970, f.targetKind.rawValue, f.targetID, f.questionKind, f.who,
                  f.rating?.rawValue, f.outcome?.rawValue, f.text])
    }

    /// Feedback on one target, oldest first.
    public func feedback(on kind: FeedbackRecord.TargetKind, id: String) throws -> [FeedbackRecord] {
        try database.query("SELECT * FROM feedback WHERE target_kind = ? AND target_id = ? ORDER BY at", [kind.rawValue, id]).map { row in
            FeedbackRecord(id: row["id"].string ?? "", at: Date(timeIntervalSince1970: row["at"].double ?? 0),
                           targetKind: FeedbackRecord.TargetKind(rawValue: row["target_kind"].string ?? "") ?? kind,
                           targetID: row["target_id"].string ?? "", questionKind: row["question_kind"].string ?? "",
                           who: row["who"].string ?? "", rating: row["rating"].string.flatMap(FeedbackRecord.Rating.init),
                           outcome: row["outcome"].string.flatMap(FeedbackRecord.Outcome.init), text: row["text"].string)
        }
    }

    /// Up and down votes per chunk and question kind: ratings of chunks directly, and of answers
    /// for every chunk the answer cited (read from the archived answer).
    public func chunkPriors(strength: Double = 1) throws -> FeedbackPriors {
        var priors = FeedbackPriors(strength: strength)
        for row in try database.query("SELECT target_id, question_kind, rating FROM feedback WHERE target_kind = 'chunk' AND rating IS NOT NULL") {
            guard let span = FeedbackPriors.parse(row["target_id"].string ?? "") else { continue }
            priors.add(documentID: span.documentID, version: span.version, span: span.span, kind: row["question_kind"].string ?? "",
                       up: row["rating"].string == "up")
        }
        let rated = try database.query("""
            SELECT a.body AS body, f.question_kind AS kind, f.rating AS rating FROM feedback f JOIN answers a ON a.id = f.target_id
            WHERE f.target_kind = 'answer' AND f.rating IS NOT NULL
            """)
        struct Cited: Decodable {
            struct Citation: Decodable { let documentID: String; let version: String; let start: Int; let end: Int }
            let citations: [Citation]
        }
        for row in rated {
            guard let body = row["body"].string, let answer = try? JSONDecoder().decode(Cited.self, from: Data(body.utf8)) else { continue }
            for c in answer.citations {
                priors.add(documentID: c.documentID, version: c.version, span: .init(start: c.start, end: c.end),
                           kind: row["kind"].string ?? "", up: row["rating"].string == "up")
            }
        }
        return priors
    }
}
