import Records

/// A resolved review as a labelled example (`GET /v1/qa/reviews/export`, one JSON line each):
/// the question, the answer as sent, its QA score and flags, and the reviewer's verdict and note.
public struct ReviewExample: Sendable, Codable {
    public var answerID: String
    public var question: String
    public var answer: AnswerResponse
    public var score: Double?
    public var reasons: [String]
    public var verdict: ReviewItem.Verdict
    public var note: String
    public var reviewer: String
}
