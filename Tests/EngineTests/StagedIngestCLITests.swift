import Engine
import Foundation
import GroundedTesting
import Testing

/// `grounded ingest --stage` builds the candidate beside the current build; `--check` then
/// compares the staged build's answers, each question asked for the customer its line names.
@Suite("grounded ingest --stage")
struct StagedIngestCLITests {
    @Test("the staged build answers no one until promoted; --check asks each question for its profile")
    func stageAndCheck() throws {
        let dir = try TestPaths.temporaryDirectory("cli-stage")
        #expect(try CLI.run(["ingest", "Corpus", "--index", dir.path]).status == 0)
        let current = try #require(try KnowledgeStore(directory: dir, mustExist: true).currentBuild())
        let corpus = try CorpusEdit.returnsWindow50("cli-stage-corpus", version: "3").corpus
        let questions = corpus.appendingPathComponent("questions.jsonl")
        try [
            #"{"question": "How long do I have to return an item?"}"#,
            #"{"question": "How long do I have to return an item?", "profile": {"region": "GB", "locale": "en-GB"}}"#,
        ].joined(separator: "\n").write(to: questions, atomically: true, encoding: .utf8)

        let staged = try CLI.run(["ingest", corpus.path, "--index", dir.path, "--stage", "--check", questions.path])
        #expect(staged.status == 0, "\(staged.stderr)")
        #expect(staged.stdout.contains("answer drift: 1 of 2 answers change what they say"), "\(staged.stdout)")
        #expect(staged.stdout.contains("within 50 days"))
        #expect(staged.stdout.contains("Staged build run"), "\(staged.stdout)")
        let json = try CLI.run([
            "ingest", corpus.path, "--index", dir.path, "--stage", "--check", questions.path, "--json",
        ])
        let drift = try JSONDecoder().decode(AnswerDrift.self, from: Data(json.stdout.utf8))
        #expect(drift.questions == 2 && drift.changes.count == 1 && drift.changes[0].profile == nil)

        // The current build is untouched and still answers; the staged one waits beside it.
        #expect(try KnowledgeStore(directory: dir, mustExist: true).currentBuild() == current)
        #expect(try CLI.run(["ask", DocumentVersionCLITests.question, "--index", dir.path]).stdout.contains("45 days"))
        let waiting = try #require(try Ingestor(index: dir).stagedBuild())
        #expect(waiting.basedOn == current.buildID && waiting.report.added == ["returns-policy@3"])

        let both = try CLI.run(["ingest", corpus.path, "--index", dir.path, "--stage", "--dry-run"])
        #expect(both.status != 0 && both.stderr.contains("pick one"))
        try "{\"question\": 7}".write(to: questions, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["ingest", corpus.path, "--index", dir.path, "--check", questions.path, "--dry-run"])
        #expect(bad.status != 0 && bad.stderr.contains("questions.jsonl:1 is not a JSON object"), "\(bad.stderr)")
    }

    @Test("a profile decides the answer a drift check compares")
    func profiles() throws {
        let dir = try TestPaths.temporaryDirectory("cli-stage-profiles")
        #expect(try CLI.run(["ingest", "Corpus", "--index", dir.path]).status == 0)
        let engine = try GroundedEngine(index: dir)
        let uk = AnswerDrift.Question(
            DocumentVersionCLITests.question, profile: CustomerProfile(region: "GB", locale: "en-GB"))
        let anyone = AnswerDrift.Question(DocumentVersionCLITests.question)
        let answers = try [uk, anyone].map { AnswerDrift.Side(try engine.ask($0.question, filter: $0.filter)) }
        #expect(answers[0].cited.first?.hasPrefix("returns-policy-uk@") == true, "\(answers[0])")
        #expect(answers[1].cited.first?.hasPrefix("returns-policy@") == true, "\(answers[1])")
    }
}
