import Engine
import Foundation
import Governance
import Knowledge
import Records
import Storage

/// The level-2 review queue: flagged answers assigned to a reviewer and resolved with a verdict
/// (correct, incorrect, harmful) and a note, each step audited; resolved items export as
/// labelled examples.
extension ServiceDesk {
    /// Gives a flagged answer to `reviewer`.
    /// - Throws: `UnknownServiceID` for an answer not in the queue; `InvalidServiceRequest` for a
    ///   resolved one or an empty reviewer.
    public func assignReview(_ answerID: String, to reviewer: String, by actor: String) throws -> ReviewItem {
        let reviewer = reviewer.trimmingCharacters(in: .whitespaces)
        guard !reviewer.isEmpty, reviewer.count <= 200 else {
            throw InvalidServiceRequest("name the reviewer (\"reviewer\": 1 to 200 characters)")
        }
        return try changeReview(answerID, action: "review-assign", actor: actor, outcome: "assigned to \(reviewer)") {
            try store.answers.assignReview(answerID: answerID, to: reviewer)
        }
    }

    /// Resolves a flagged answer with a verdict and a note; once.
    /// - Throws: `UnknownServiceID` for an answer not in the queue; `InvalidServiceRequest` for a
    ///   resolved one, or an `incorrect` or `harmful` verdict without a note saying why.
    public func resolveReview(
        _ answerID: String, verdict: ReviewItem.Verdict, note: String, by reviewer: String
    ) throws -> ReviewItem {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 2_000, verdict == .correct || !note.isEmpty else {
            throw InvalidServiceRequest(
                "a verdict of \(verdict.rawValue) needs a note saying what is wrong (\"note\": up to 2,000 characters)")
        }
        return try changeReview(
            answerID, action: "review-resolve", actor: reviewer, outcome: "\(verdict.rawValue): \(note)"
        ) {
            try store.answers.resolveReview(answerID: answerID, verdict: verdict, note: note, by: reviewer)
        }
    }

    /// Every resolved review as a labelled example, oldest first.
    public func reviewExamples() throws -> [ReviewExample] {
        try store.answers.resolvedReviews().compactMap { item, question, body in
            guard let verdict = item.verdict,
                let answer = try? JSONDecoder().decode(AnswerResponse.self, from: Data(body.utf8))
            else { return nil }
            return ReviewExample(
                answerID: item.answerID, question: question, answer: answer, score: item.score, reasons: item.reasons,
                verdict: verdict, note: item.note ?? "", reviewer: item.resolvedBy ?? "")
        }
    }

    /// One change to a review item and its audit entry, in one transaction.
    private func changeReview(
        _ answerID: String, action: String, actor: String, outcome: String, _ change: () throws -> ReviewItem
    ) throws -> ReviewItem {
        guard try store.answers.review(answerID: answerID) != nil else {
            throw UnknownServiceID("answer \(answerID) is not in the review queue: see GET /v1/qa/reviews")
        }
        return try store.database.transaction {
            let item: ReviewItem
            do { item = try change() } catch let e as CustomerError { throw InvalidServiceRequest(e.message) }
            try store.audit.append(
                AuditEvent(
                    actor: actor, action: action, subject: answerID, inputs: [:],
                    indexVersion: engine.knowledge.build.buildID, outcome: outcome))
            return item
        }
    }
}
