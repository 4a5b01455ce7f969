import Engine
import Foundation
import GroundedCore
import GroundedTesting
import Testing

@testable import Evaluation

/// Resolved QA reviews as training data: the team's suite asked of the sample corpus, each answer
/// reviewed against the suite's expectations as a QA lead would (correct when it cites an expected
/// document; incorrect when it answers a question the sources do not cover or cites the wrong
/// document), then trained on.
@Suite("Training on resolved reviews")
struct ReviewTrainingTests {
    struct SuiteQuestion: Decodable {
        struct Expect: Decodable {
            var status: String
            var documents: [String]?
        }
        var id: String
        var question: String
        var expect: Expect
    }

    /// Every answered suite question as a reviewed answer.
    static func reviews(_ engine: GroundedEngine) throws -> [ReviewedAnswer] {
        let text = try String(
            contentsOf: TestPaths.packageRoot.appendingPathComponent("Questions/corpus.jsonl"), encoding: .utf8)
        let questions = try text.split(separator: "\n").map {
            try JSONDecoder().decode(SuiteQuestion.self, from: Data($0.utf8))
        }
        return try questions.compactMap { q in
            let answer = try engine.ask(q.question)
            guard answer.status == .answered else { return nil }
            let cited = Set(answer.sentences.map(\.citation.documentID))
            let right = q.expect.status == "answered" && !cited.isDisjoint(with: q.expect.documents ?? [])
            return ReviewedAnswer(
                answerID: q.id, question: q.question, verdict: right ? .correct : .incorrect, status: "answered",
                citations: answer.numberedCitations)
        }
    }

    @Test("correct answers become labelled questions, rejected ones negatives; unusable reviews are left out, with why")
    func conversion() throws {
        let engine = CorpusFixture.engine
        var reviews = try Self.reviews(engine)
        let rejected = reviews.filter { $0.verdict != .correct }.count
        var stale = reviews[0]
        stale.answerID = "stale"
        stale.answer.citations[0].quote = "Anything can be returned at any time."
        var declined = reviews[0]
        declined.answerID = "declined"
        declined.answer.status = "declined"
        var harmful = reviews[0]
        harmful.answerID = "harmful"
        harmful.verdict = .harmful
        reviews += [stale, declined, harmful]
        let set = ReviewTrainingSet(reviews: reviews, engine: engine)
        #expect(set.correct.count == reviews.count - 3 - rejected)
        #expect(set.rejected.count == rejected + 1)
        #expect(set.rejected.last?.weight == ReviewTrainingSet.harmfulWeight && set.rejected.first?.weight == 1)
        #expect(set.skipped.map(\.answerID) == ["stale", "declined"])
        #expect(set.skipped[0].reason.contains("no longer reads as quoted"))
        // A correct review's lead citation is the gold span, exactly as quoted.
        let first = try #require(set.correct.first)
        let document = try #require(engine.knowledge.document(id: first.documentID))
        #expect(document.text.slice(first.answer.start..<first.answer.end) == first.answer.text)
    }

    @Test("an export line reads back; a line that is not a review is refused with its line number")
    func loading() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reviews-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.jsonl")
        let line =
            #"{"answerID": "ans_1", "question": "How long?", "verdict": "harmful", "note": "n", "reviewer": "q", "#
            + #""reasons": [], "answer": {"id": "ans_1", "status": "answered", "citations": [{"documentID": "d", "#
            + #""version": "1", "title": "", "start": 0, "end": 4, "quote": "Text"}]}}"#
        try (line + "\n\n").write(to: good, atomically: true, encoding: .utf8)
        let read = try ReviewedAnswer.load(good)
        #expect(read.count == 1 && read[0].verdict == .harmful && read[0].answer.citations[0].quote == "Text")
        let bad = folder.appendingPathComponent("bad.jsonl")
        try (line + "\n" + #"{"answerID": "x", "verdict": "meh"}"#).write(to: bad, atomically: true, encoding: .utf8)
        #expect {
            try ReviewedAnswer.load(bad)
        } throws: { error in
            "\(error)".contains("bad.jsonl:2") && "\(error)".contains("/v1/qa/reviews/export")
        }
    }

    @Test("trained on the reviews, the engine withholds answers reviewers rejected and keeps most they found correct")
    func training() throws {
        let engine = CorpusFixture.engine
        let set = ReviewTrainingSet(reviews: try Self.reviews(engine), engine: engine)
        let record = TrainedModels.Training(
            command: "test", data: [], heldOut: "nothing: the figures are on the reviews trained on", figures: [:],
            date: "2026-12-07")
        let models = try ModelTraining().fit(base: engine, questions: [], reviews: set, training: record)
        let trained = try GroundedEngine(
            knowledge: engine.knowledge, models: .file(try TrainedModelFile(models: [models])))
        let before = try set.outcomes(on: engine)
        let after = try set.outcomes(on: trained)
        print(
            "reviews: \(set.correct.count) correct, \(set.rejected.count) rejected; rejected given "
                + "\(before.rejectedGiven) → \(after.rejectedGiven), correct given \(before.correctGiven) → "
                + "\(after.correctGiven)")
        #expect(before.rejectedGiven == set.rejected.count, "every rejected answer was given before training")
        #expect(after.rejectedGiven < before.rejectedGiven)
        #expect(Double(after.correctGiven) >= 0.8 * Double(before.correctGiven))
    }
}
