import Foundation
import GroundedCore

/// One answer a QA reviewer resolved: a line of `GET /v1/qa/reviews/export` (JSON lines). Only
/// what training needs is read: the question, the verdict, the answer's status and citations.
public struct ReviewedAnswer: Sendable, Decodable, Equatable {
    /// The reviewer's verdict, as the service records it.
    public enum Verdict: String, Sendable, Decodable, Equatable {
        case correct, incorrect, harmful
    }

    /// The part of the answer training reads.
    public struct Answer: Sendable, Decodable, Equatable {
        public var status: String
        public var citations: [Citation]
    }

    public var answerID: String
    public var question: String
    public var verdict: Verdict
    public var answer: Answer

    public init(answerID: String, question: String, verdict: Verdict, status: String, citations: [Citation]) {
        self.answerID = answerID
        self.question = question
        self.verdict = verdict
        answer = Answer(status: status, citations: citations)
    }

    /// Reads an export of resolved reviews.
    /// - Throws: `EvaluationError` for an unreadable file or naming the line that is not a review.
    public static func load(_ url: URL) throws -> [ReviewedAnswer] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw EvaluationError("cannot read reviews at \(url.path): \(error.localizedDescription)")
        }
        var out: [ReviewedAnswer] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains(where: { !$0.isWhitespace }) {
            do { out.append(try JSONDecoder().decode(ReviewedAnswer.self, from: Data(line.utf8))) } catch {
                throw EvaluationError(
                    "\(url.lastPathComponent):\(i + 1) is not a resolved review (answerID, question, verdict, answer "
                        + "{status, citations}); export them with GET /v1/qa/reviews/export: \(error)")
            }
        }
        return out
    }
}
