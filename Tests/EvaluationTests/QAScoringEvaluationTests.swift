import Engine
import Foundation
import GroundedTesting
import QualityScoring
import Testing

@testable import Evaluation

@Suite("QA scoring evaluation")
struct QAScoringEvaluationTests {
    @Test("numbers are changed and negations flipped, or nil when there is nothing to change")
    func perturbations() {
        #expect(
            QAScoringEvaluation.changeNumber("Return within 45 days, or 60 for Plus.")
                == "Return within 46 days, or 60 for Plus.")
        #expect(QAScoringEvaluation.changeNumber("No numbers here.") == nil)
        #expect(QAScoringEvaluation.flipNegation("The box is not required.") == "The box is required.")
        #expect(QAScoringEvaluation.flipNegation("Items must be complete.") == "Items must not be complete.")
        #expect(QAScoringEvaluation.flipNegation("Hello there.") == nil)
    }

    @Test("on spans of the sample corpus, sound and paraphrased answers score above every unsound kind")
    func separation() throws {
        let engine = CorpusFixture.engine
        func question(
            _ document: String, _ asked: String, _ phrase: String, _ n: Int, reply: String? = nil
        ) throws -> [Doc2DialQuestion] {
            let text = try #require(engine.knowledge.document(id: document)).text.string
            let range = try #require(text.range(of: phrase))
            let start = text.unicodeScalars.distance(from: text.startIndex, to: range.lowerBound)
            let answer = Doc2DialQuestion.Answer(text: phrase, start: start, end: start + phrase.unicodeScalars.count)
            let first = Doc2DialQuestion(
                id: "q\(n)", documentID: document, question: asked, answer: answer, dialogueID: "d\(n)")
            guard let reply else { return [first] }
            // The next turn's history records the agent's reply in its own words.
            let next = Doc2DialQuestion(
                id: "q\(n)b", documentID: document, question: "thanks", answer: answer,
                history: [
                    .init(role: "user", text: asked), .init(role: "agent", text: reply),
                    .init(role: "user", text: "thanks"),
                ],
                dialogueID: "d\(n)", turnID: 3)
            return [first, next]
        }
        let questions = [
            try question(
                "returns-policy", "How long do I have to return an item?",
                "You can return most items within 45 days of delivery.", 1,
                reply: "Most items can be returned up to 45 days after they were delivered."),
            try question(
                "returns-policy", "How long do Plus members get for returns?", "Lumen Plus members get 60 days.", 2),
            try question(
                "returns-policy", "Do I need the original box to return something?",
                "the original box is no longer required.", 3, reply: "The original box is not required any more."),
            try question(
                "shipping-policy", "When will my order ship?",
                "Orders placed before 4 pm Eastern Time on a business day ship the same day.", 4),
        ].flatMap { $0 }
        let report = try QAScoringEvaluation(scorer: QualityScorer(knowledge: engine.knowledge), questions: questions)
            .run()
        #expect(report.spans == 4)
        let groups = Dictionary(uniqueKeysWithValues: report.groups.map { ($0.kind, $0) })
        let sound = try #require(groups[QAScoringEvaluation.Kind.sound.rawValue])
        #expect(sound.meanScore > 0.9 && sound.flagged == 0)
        let paraphrase = try #require(groups[QAScoringEvaluation.Kind.paraphrase.rawValue])
        #expect(paraphrase.answers == 2 && paraphrase.flagged == 0, "\(paraphrase)")
        for kind in QAScoringEvaluation.Kind.allCases where !kind.isSound {
            let group = try #require(groups[kind.rawValue], "\(kind)")
            #expect(group.flagged == 100 && (group.auc ?? 0) >= 90 && (group.aucParaphrase ?? 0) >= 90, "\(group)")
        }
        #expect((report.overallAUC ?? 0) >= 90 && (report.paraphraseAUC ?? 0) >= 90)
    }
}
