import Customers
import Foundation
import Hummingbird
import Retrieval

/// `POST /v1/feedback`: thumbs up or down, used, edited or ignored, and free text, on an answer,
/// a suggestion, a chunk, an action or a reply variant. Ratings of answers (and chunks) change
/// future ranking for the same kind of question.
extension GroundedService {
    /// The body of `POST /v1/feedback`.
    struct GeneralFeedbackRequest: Decodable, Sendable {
        var targetKind: FeedbackRecord.TargetKind
        var targetID: String
        var who: String
        var rating: FeedbackRecord.Rating?
        var outcome: FeedbackRecord.Outcome?
        var text: String?
        /// The kind of question; for an answer, its intent is used when omitted.
        var questionKind: String?
    }

    struct FeedbackAccepted: ResponseEncodable {
        let id: String
        let questionKind: String
    }

    func addFeedbackRoutes(to router: Router<GroundedRequestContext>) {
        router.post("/v1/feedback") { [self] request, _ -> FeedbackAccepted in
            let body = try await decodeJSON(GeneralFeedbackRequest.self, from: request)
            guard !body.targetID.isEmpty, !body.who.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw APIError.badRequest("targetID and who must not be empty")
            }
            guard body.rating != nil || body.outcome != nil || !(body.text ?? "").isEmpty else {
                throw APIError.badRequest("give a rating (up, down), an outcome (used, edited, ignored) or text")
            }
            if let text = body.text, text.count > configuration.maxMessageCharacters {
                throw APIError.badRequest("text has \(text.count) characters, over the \(configuration.maxMessageCharacters) accepted")
            }
            return try await offload {
                var kind = body.questionKind ?? ""
                if body.targetKind == .answer {
                    guard let answer = try self.store.answer(id: body.targetID) else {
                        throw APIError.notFound("no answer with id \(body.targetID): answer ids come from POST /v1/answer")
                    }
                    if body.questionKind == nil { kind = try self.questionKind(answer.question) }
                }
                let record = FeedbackRecord(targetKind: body.targetKind, targetID: body.targetID, questionKind: kind, who: body.who,
                                            rating: body.rating, outcome: body.outcome, text: body.text)
                try self.store.recordFeedback(record)
                self.priors.withLock { $0 = nil }
                return FeedbackAccepted(id: record.id, questionKind: kind)
            }
        }
    }

    /// The kind of a question for feedback: its intent when an intent model is configured, else "".
    func questionKind(_ question: String) throws -> String {
        try intentClassifier()?.classify(question).intent ?? ""
    }

    /// Votes on chunks, read from the store once and kept until feedback arrives.
    func feedbackPriors() throws -> FeedbackPriors {
        if let cached = priors.withLock({ $0 }) { return cached }
        let fresh = try store.chunkPriors()
        priors.withLock { $0 = fresh }
        return fresh
    }
}
