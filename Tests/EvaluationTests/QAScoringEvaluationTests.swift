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

    @Test("on spans of the sample corpus, sound answers score above every unsound kind")
    func separation() throws {
        let engine = CorpusFixture.engine
        let text = try #require(engine.knowledge.document(id: "returns-policy")).text.string
        func question(_ phrase: String, _ n: Int) throws -> Doc2DialQuestion {
            let range = try #require(text.range(of: phrase))
            let start = text.unicodeScalars.distance(from: text.startIndex, to: range.lowerBound)
            let json =
                #"{"id": "q\#(n)", "turn_id": 1, "doc_id": "returns-policy", "question": "?", "history": [], "#
                + #""answer": {"text": "\#(phrase)", "start": \#(start), "#
                + #""end": \#(start + phrase.unicodeScalars.count)}}"#
            return try JSONDecoder().decode(Doc2DialQuestion.self, from: Data(json.utf8))
        }
        let questions = [
            try question("You can return most items within 45 days of delivery.", 1),
            try question("Lumen Plus members get 60 days.", 2),
            try question("the original box is no longer required.", 3),
        ]
        let report = try QAScoringEvaluation(scorer: QualityScorer(knowledge: engine.knowledge), questions: questions)
            .run()
        #expect(report.spans == 3)
        let sound = try #require(report.groups.first { $0.kind == QAScoringEvaluation.Kind.sound.rawValue })
        #expect(sound.meanScore > 0.9 && sound.flagged == 0)
        for group in report.groups where group.kind != sound.kind {
            #expect(group.meanScore < 0.5 && (group.auc ?? 0) >= 90, "\(group)")
        }
        #expect(Set(report.groups.map(\.kind)) == Set(QAScoringEvaluation.Kind.allCases.map(\.rawValue)))
    }
}
