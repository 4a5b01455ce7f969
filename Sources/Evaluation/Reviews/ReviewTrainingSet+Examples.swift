import Engine
import Foundation
import GroundedCore

extension ReviewTrainingSet {
    /// The answerability examples the rejected answers give: where `engine` (the engine being
    /// trained, over the reviews' knowledge base) would still lead with a rejected span, that
    /// sentence is an answer not to give, `weight` times. Where it now leads elsewhere, the review
    /// says nothing about the new answer and gives no example.
    /// - Throws: retrieval errors.
    public func rejectedExamples(
        engine: GroundedEngine, threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> [(features: SentenceFeatures, useful: Bool)] {
        let rejected = rejected
        let leads = try parallelMap(rejected.count, threads: threads) { i -> AnswerComposer.ScoredSentence? in
            let r = rejected[i]
            let lead = try RerankerTraining.lead(
                engine: engine, conversation: [ConversationTurn(role: .user, text: r.question)])
            return lead.flatMap { Self.overlaps($0.documentID, $0.span, r.citations) ? $0 : nil }
        }
        var examples: [(features: SentenceFeatures, useful: Bool)] = []
        for (r, lead) in zip(rejected, leads) {
            guard let lead else { continue }
            examples += Array(repeating: (lead.features, false), count: r.weight)
        }
        return examples
    }

    /// How the reviewed questions fare on `engine` (asked as they were, one question each): the
    /// rejected answers it still gives (answered, citing a rejected span) and the correct ones it
    /// still gives (citing the reviewed lead span).
    /// - Throws: the engine's errors.
    public func outcomes(on engine: GroundedEngine) throws -> (rejectedGiven: Int, correctGiven: Int) {
        var rejectedGiven = 0
        for r in rejected {
            let answer = try engine.ask(r.question)
            if answer.status == .answered,
                answer.sentences.contains(where: {
                    Self.overlaps($0.citation.documentID, $0.citation.span, r.citations)
                })
            {
                rejectedGiven += 1
            }
        }
        var correctGiven = 0
        for q in correct {
            let answer = try engine.ask(q.question)
            let gold = TextSpan(start: q.answer.start, end: q.answer.end)
            if answer.status == .answered,
                answer.sentences.contains(where: {
                    $0.citation.documentID == q.documentID && $0.citation.span.overlaps(gold)
                })
            {
                correctGiven += 1
            }
        }
        return (rejectedGiven, correctGiven)
    }

    static func overlaps(_ documentID: String, _ span: TextSpan, _ citations: [Citation]) -> Bool {
        citations.contains { $0.documentID == documentID && $0.span.overlaps(span) }
    }
}
