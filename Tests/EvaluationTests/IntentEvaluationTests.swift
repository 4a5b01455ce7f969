import Foundation
import GroundedTesting
import Routing
import Testing

@testable import Evaluation

/// `grounded-lab eval intents` scores separate test files when given: banking77's, CLINC150's
/// `test` / `oos_test`, and a team's own pair. Built here from the demo's examples (lexical model,
/// so it runs without the MiniLM files).
@Suite("Intent evaluation on separate test files")
struct IntentEvaluationTests {
    static let examplesFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/intents.json")

    @Test("each test file is scored instead of the validation split, and your own pair as a third set")
    func testFiles() throws {
        let all = try IntentExamples.load(contentsOf: Self.examplesFile).examples
        let oos = IntentConfiguration().outOfScopeIntent
        // Per intent: the first examples train, the last two (four out of scope) are held out.
        var train: [IntentExamples.Example] = []
        var test: [IntentExamples.Example] = []
        for intent in Set(all.map(\.intent)).sorted() {
            let group = all.filter { $0.intent == intent }
            let held = intent == oos ? 4 : 2
            train += group.dropLast(held)
            test += group.suffix(held)
        }
        let dir = try TestPaths.temporaryDirectory("intent-eval")
        func write(_ name: String, _ text: String) throws -> URL {
            let url = dir.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url
        }
        let inScopeTrain = train.filter { $0.intent != oos }
        let inScopeTest = test.filter { $0.intent != oos }
        let bankTrain = try write("bank-train.csv", try IntentExamples(inScopeTrain).csv())
        let bankTest = try write("bank-test.csv", try IntentExamples(inScopeTest).csv())
        func rows(_ examples: [IntentExamples.Example]) -> [[String]] { examples.map { [$0.text, $0.intent] } }
        let clincObject: [String: [[String]]] = [
            "train": rows(inScopeTrain), "oos_train": rows(train.filter { $0.intent == oos }),
            "val": rows(Array(inScopeTest.prefix(5))),
            "oos_val": rows(Array(test.filter { $0.intent == oos }.prefix(1))),
        ]
        let clinc = dir.appendingPathComponent("clinc.json")
        try JSONEncoder().encode(clincObject).write(to: clinc)
        let clincTest = dir.appendingPathComponent("clinc-test.json")
        try JSONEncoder().encode(["test": rows(inScopeTest), "oos_test": rows(test.filter { $0.intent == oos })])
            .write(to: clincTest)
        let ownTrain = try write("own-train.csv", try IntentExamples(train).csv())
        let ownTest = try write("own-test.csv", try IntentExamples(test).csv())

        let evaluation = IntentEvaluation(
            banking77: bankTrain, clinc150: clinc, banking77Test: bankTest, clinc150Test: clincTest,
            custom: (ownTrain, ownTest))
        let export = dir.appendingPathComponent("splits")
        let report = try evaluation.run(embedder: { _ in nil }, exportDirectory: export)
        #expect(report.banking77.evaluatedOn == bankTest.path && report.banking77.train == inScopeTrain.count)
        #expect(report.banking77.validation == inScopeTest.count && report.banking77.outOfScope == nil)
        #expect(report.clinc150.evaluatedOn == clincTest.path && report.clinc150.validation == inScopeTest.count)
        let scored = try #require(report.clinc150.outOfScope)
        #expect(scored.outOfScopeCount == 4 && scored.inScopeCount == inScopeTest.count)
        let area = try #require(scored.curveArea)
        #expect(area >= 0 && area <= 100)
        let own = try #require(report.custom)
        #expect(own.evaluatedOn == ownTest.path && own.outOfScope?.outOfScopeCount == 4)
        for name in ["custom-train", "custom-validation", "clinc150-validation"] {
            #expect(FileManager.default.fileExists(atPath: export.appendingPathComponent(name + ".csv").path))
        }
        // Without the test files, the validation splits are scored.
        let validation = try IntentEvaluation(banking77: bankTrain, clinc150: clinc).run(embedder: { _ in nil })
        #expect(validation.clinc150.evaluatedOn == "validation split" && validation.clinc150.validation == 5)
        #expect(validation.custom == nil)
        // A test file without the splits says which it has.
        let wrong = try write("wrong.json", #"{"val": [["hi", "greet"]]}"#)
        #expect(throws: IntentDataError.self) {
            try IntentEvaluation(banking77: bankTrain, clinc150: clinc, clinc150Test: wrong).run(embedder: { _ in nil })
        }
    }
}
