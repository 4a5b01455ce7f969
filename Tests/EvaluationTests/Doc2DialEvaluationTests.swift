import Engine
import Foundation
import GroundedTesting
import Testing

@testable import Evaluation

/// The harness on the real doc2dial data, a slice of its questions, with the built-in embedder.
@Suite("doc2dial evaluation")
struct Doc2DialEvaluationTests {
    static let data = TestPaths.sharedData.appendingPathComponent("doc2dial")

    @Test("the harness scores a slice of doc2dial consistently; removing the gold document removes its chunks")
    func slice() throws {
        let index = try TestPaths.temporaryDirectory("eval-d2d")
        defer { try? FileManager.default.removeItem(at: index) }
        _ = try GroundedEngine.ingest(corpus: Self.data.appendingPathComponent("documents.jsonl"), index: index)
        let engine = try GroundedEngine(index: index)
        let questions = Array(try Doc2DialQuestion.load(Self.data.appendingPathComponent("questions.jsonl")).prefix(60))
        let (report, results) = try Doc2DialEvaluation(engine: engine, questions: questions).run()

        #expect(report.questions == 60 && results.count == 60)
        #expect(report.firstTurnQuestions == questions.filter(\.isFirstTurn).count)
        let first = report.retrievalFirstTurn
        #expect(first.chunkRecallAt1 <= first.chunkRecallAt5 && first.chunkRecallAt5 <= first.chunkRecallAt10)
        #expect(first.documentRecallAt1 <= first.documentRecallAt10)
        // Real retrieval finds the gold chunk in the top 10 for most first turns (the full set: 85).
        #expect(first.chunkRecallAt10 > 50)
        #expect(report.chunks.medianWords <= 150)
        // Per-question results add up to the report.
        let answered = Double(results.filter(\.answered).count) / 60 * 100
        #expect(abs(report.answersWithHistory.answered - answered) < 1e-9)

        // The exclusion filter: with the gold document removed, none of its chunks come back.
        let q = questions[0]
        var filter = RetrievalFilter.everything
        filter.excludedDocumentIDs = [q.documentID]
        let hits = try engine.search(q.question, k: 50, filter: filter)
        #expect(!hits.isEmpty && !hits.contains { $0.documentID == q.documentID })
    }

    @Test("a question about a document the index lacks is a clear error")
    func unknownDocument() throws {
        let index = try TestPaths.temporaryDirectory("eval-d2d-missing")
        defer { try? FileManager.default.removeItem(at: index) }
        _ = try GroundedEngine.ingest(corpus: TestPaths.corpus, index: index)
        let questions = Array(try Doc2DialQuestion.load(Self.data.appendingPathComponent("questions.jsonl")).prefix(2))
        #expect(throws: EvaluationError.self) {
            try Doc2DialEvaluation(engine: try GroundedEngine(index: index), questions: questions).run()
        }
        let bad = try TestPaths.temporaryDirectory("eval-bad")
        defer { try? FileManager.default.removeItem(at: bad) }
        let file = bad.appendingPathComponent("q.jsonl")
        try "{\"id\": 1}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: EvaluationError.self) { try Doc2DialQuestion.load(file) }
    }
}
