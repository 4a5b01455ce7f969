import Customers
import Foundation
import Governance
import Records
import Retrieval
import Routing
import Synchronization

/// Feedback as it steers answers: votes on chunks under the feedback policy in force, per kind
/// of question.
extension ServiceDesk {
    /// The kind of a question for feedback: its intent when an intent model is configured, else "".
    public func questionKind(_ question: String) throws -> String {
        try intentClassifier()?.classify(question).intent ?? ""
    }

    /// Votes on chunks under the feedback policy in force, read from the store once and kept until
    /// feedback arrives or the policy changes.
    public func feedbackPriors() throws -> FeedbackPriors {
        let policy = try policies.feedback()
        if let cached = priors.withLock({ $0 }), cached.version == policy.version { return cached.priors }
        let fresh = try store.feedback.chunkPriors(policy: policy)
        priors.withLock { $0 = (policy.version, fresh) }
        return fresh
    }

    /// Forgets the cached feedback priors (after votes arrive or are reset), so the next answer
    /// reads them again.
    public func forgetFeedbackPriors() { priors.withLock { $0 = nil } }

    /// Records a vote, an outcome or a comment, and has the next answer read the votes again.
    /// Feedback on an answer without a question kind (`kindGiven` false) is filed under the intent
    /// of the question that answer answered.
    /// - Returns: the record as stored.
    /// - Throws: `UnknownServiceID` for an answer the archive does not hold; `DatabaseError` when
    ///   the store cannot be written.
    public func recordFeedback(_ record: FeedbackRecord, kindGiven: Bool) throws -> FeedbackRecord {
        var record = record
        if record.targetKind == .answer {
            guard let answer = try store.answers.answer(id: record.targetID) else {
                throw UnknownServiceID("no answer with id \(record.targetID): answer ids come from POST /v1/answer")
            }
            if !kindGiven { record.questionKind = try questionKind(answer.question) }
        }
        try store.feedback.record(record)
        forgetFeedbackPriors()
        return record
    }

    /// Deletes one target's ratings (or, with both nil, every rating), audited under `actor`, and
    /// has the next answer read the votes again.
    /// - Returns: how many ratings were deleted.
    /// - Throws: `DatabaseError` when the store cannot be written.
    public func resetRatings(
        targetKind: FeedbackRecord.TargetKind?, targetID: String?, by actor: Principal, reason: String
    ) throws -> Int {
        let deleted = try backOffice.resetRatings(
            targetKind: targetKind, targetID: targetID, by: actor, reason: reason)
        forgetFeedbackPriors()
        return deleted
    }
}
