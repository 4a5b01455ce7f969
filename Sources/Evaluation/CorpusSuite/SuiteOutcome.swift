import Engine
import Foundation

/// How the engine did on one suite question.
public struct SuiteOutcome: Sendable, Codable, Hashable {
    public var id: String
    public var kinds: [String]
    public var question: String
    public var expected: GroundedAnswer.Status
    public var status: GroundedAnswer.Status
    public var correct: Bool
    /// Why it is not correct: the fact missing, the document not cited, the wrong status.
    public var problem: String?
    /// What the customer would read.
    public var message: String
    /// The cited documents, `id@version`, in answer order.
    public var cited: [String]
    /// The short fact the answer states (`GroundedAnswer.shortAnswer`), if any, and whether it
    /// holds one of the facts the question expects.
    public var shortAnswer: String? = nil
    public var shortAnswerSaysFact: Bool? = nil
}

extension SuiteOutcome {
    /// Grades `answer` against what `question` expects.
    public init(question q: SuiteQuestion, answer: GroundedAnswer) {
        let cited = answer.sentences.map { "\($0.citation.documentID)@\($0.citation.version)" }
        self.init(
            id: q.id, kinds: q.kinds, question: q.question, expected: q.expect.status, status: answer.status,
            correct: false, problem: nil, message: answer.message, cited: cited)
        problem = Self.problem(q.expect, answer)
        correct = problem == nil
        if let short = answer.shortAnswer?.quote {
            shortAnswer = short
            shortAnswerSaysFact = q.expect.facts.contains { fact in
                fact.components(separatedBy: " | ").map(Self.normalized).contains {
                    Self.normalized(short).contains($0)
                }
            }
        }
    }

    static func problem(_ expect: SuiteQuestion.Expectation, _ answer: GroundedAnswer) -> String? {
        guard answer.status == expect.status else {
            return "\(answer.status.rawValue), expected \(expect.status.rawValue)"
        }
        guard expect.status == .answered else { return nil }
        let documents = Set(answer.sentences.map(\.citation.documentID))
        if expect.anyDocument {
            if !expect.documents.isEmpty, documents.isDisjoint(with: expect.documents) {
                return
                    """
                    cites \(documents.sorted().joined(separator: ", ")), expected one of \
                    \(expect.documents.joined(separator: ", "))
                    """
            }
        } else if let missing = expect.documents.first(where: { !documents.contains($0) }) {
            return "does not cite \(missing) (cites \(documents.sorted().joined(separator: ", ")))"
        }
        let text = normalized(answer.sentences.map(\.readableText).joined(separator: " "))
        for fact in expect.facts {
            let alternatives = fact.components(separatedBy: " | ").map(normalized)
            if !alternatives.contains(where: { text.contains($0) }) { return "does not say \"\(fact)\"" }
        }
        if expect.saysUnanswered && answer.unansweredParts.isEmpty {
            return "does not say which part it cannot answer"
        }
        return nil
    }

    /// Lowercased, with runs of whitespace as one space.
    static func normalized(_ s: String) -> String {
        s.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
