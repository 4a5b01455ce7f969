import Engine
import Evaluation
import Foundation
import GroundedTesting
import Testing

@Suite("Our own question suite over Corpus/")
struct SuiteTests {
    static let file = TestPaths.packageRoot.appendingPathComponent("Questions/corpus.jsonl")

    @Test("it holds at least 150 questions, 30 the corpus does not answer, and every kind the issue names")
    func size() throws {
        let suite = try SuiteQuestion.load(Self.file)
        #expect(suite.count >= 150)
        #expect(suite.filter { $0.expect.status == .declined }.count >= 30)
        let kinds = Set(suite.flatMap(\.kinds))
        for kind in [
            "paraphrase", "typo", "multi-part", "follow-up", "region", "plan", "dated", "yes-no", "table",
            "unanswerable",
            "underspecified", "spacing",
        ] {
            #expect(kinds.contains(kind), "no \(kind) question")
        }
        #expect(suite.filter { !$0.conversation.isEmpty }.allSatisfy { $0.kinds.contains("follow-up") })
    }

    @Test(
        "every expected document is in Corpus/ and says the expected facts: the suite cannot ask for what is not there")
    func consistent() throws {
        let knowledge = CorpusFixture.engine.knowledge
        func normalized(_ s: String) -> String {
            s.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        for q in try SuiteQuestion.load(Self.file) where q.expect.status == .answered {
            let texts = knowledge.documents.values.filter { q.expect.documents.contains($0.metadata.id) }.map {
                normalized($0.text.string)
            }
            #expect(Set(knowledge.documents.values.map(\.metadata.id)).isSuperset(of: q.expect.documents), "\(q.id)")
            for fact in q.expect.facts {
                let alternatives = fact.components(separatedBy: " | ").map(normalized)
                #expect(texts.contains { t in alternatives.contains { t.contains($0) } }, "\(q.id): \(fact)")
            }
        }
    }

    @Test(
        "grading: the status, the cited document, every fact (any alternative), and naming an unanswered part all count"
    )
    func grading() {
        func answer(_ text: String, document: String = "returns-policy", unanswered: [String] = []) -> GroundedAnswer {
            let citation = Citation(
                documentID: document, version: "2", title: "Returns", start: 0, end: text.count, quote: text)
            var a = GroundedAnswer(
                question: "q", status: .answered, sentences: [AnswerSentence(text: text, citation: citation, score: 1)],
                confidence: 1, declineReason: nil, sources: [], verified: true)
            a.unansweredParts = unanswered
            return a
        }
        let expect = SuiteQuestion.Expectation(
            status: .answered, documents: ["returns-policy"], facts: ["45  Days", "free | no charge"])
        let q = SuiteQuestion(id: "q", kinds: ["direct"], question: "q", expect: expect)
        #expect(SuiteOutcome(question: q, answer: answer("Return within 45 days, at no charge.")).correct)
        #expect(
            SuiteOutcome(question: q, answer: answer("Return within 45 days.")).problem
                == "does not say \"free | no charge\"")
        #expect(
            SuiteOutcome(question: q, answer: answer("Return within 45 days, free.", document: "returns-policy-uk"))
                .problem?
                .hasPrefix("does not cite returns-policy") == true)
        var declined = answer("x")
        declined.status = .declined
        #expect(SuiteOutcome(question: q, answer: declined).problem == "declined, expected answered")
        var partial = q
        partial.expect.saysUnanswered = true
        #expect(!SuiteOutcome(question: partial, answer: answer("Return within 45 days, free.")).correct)
        #expect(
            SuiteOutcome(question: partial, answer: answer("Return within 45 days, free.", unanswered: ["by drone?"]))
                .correct)
    }

    @Test("a line that is not a question is refused with its line number; so is a duplicate id")
    func badFile() throws {
        let dir = try TestPaths.temporaryDirectory("suite-file")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("q.jsonl")
        let good = #"{"id": "a", "question": "How long?", "expect": {"status": "declined"}}"#
        try (good + "\n\n" + #"{"id": "b", "question": "x", "expect": {"status": "maybe"}}"#).write(
            to: file, atomically: true, encoding: .utf8)
        #expect { try SuiteQuestion.load(file) } throws: { ($0 as? SuiteFileError)?.line == 3 }
        try (good + "\n" + good).write(to: file, atomically: true, encoding: .utf8)
        #expect { try SuiteQuestion.load(file) } throws: { ($0 as? SuiteFileError)?.reason == "duplicate id `a`" }
    }

    @Test(
        """
        the shipped engine with MiniLM keeps its floor on the suite: answerable right ≥ 78%, unanswerable declined ≥ \
        90%
        """
    )
    func floor() throws {
        let report = try SuiteEvaluation(engine: MiniLMFixture.engine, questions: try SuiteQuestion.load(Self.file))
            .run()
        let answerable = try #require(report.tally("answerable"))
        let unanswerable = try #require(report.tally("unanswerable"))
        #expect(answerable.share >= 0.78, "\(answerable)")
        #expect(unanswerable.share >= 0.90, "\(unanswerable)")
        #expect(report.outcomes.count == report.byExpectation.reduce(0) { $0 + $1.questions })
    }
}
