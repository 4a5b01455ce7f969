import Engine
import Foundation
import GroundedTesting
import Testing

/// Every version keeps its text: an answer given before an edit is still checked against the text
/// it quoted; with `--versioning automatic` an unversioned edit becomes the next version.
@Suite("grounded ingest keeps every version's text", .serialized)
struct DocumentVersionCLITests {
    static let question = "How long do I have to return an item?"

    /// The answer as `grounded qa score` reads it: each sentence with its marker, and its citation.
    static func toScore(_ askJSON: String) throws -> String {
        let answer = try JSONDecoder().decode(GroundedAnswer.self, from: Data(askJSON.utf8))
        let text = answer.sentences.enumerated().map { "\($1.text) [\($0 + 1)]" }.joined(separator: " ")
        let input = AnswerToScoreLine(
            text: text, citations: answer.sentences.map(\.citation), question: Self.question)
        return String(decoding: try JSONEncoder().encode(input), as: UTF8.self)
    }

    struct AnswerToScoreLine: Encodable {
        var text: String
        var citations: [Citation]
        var question: String
    }

    @Test("an answer given before a new version still scores as supported against the text it quoted")
    func oldAnswersStillCheck() throws {
        let dir = try TestPaths.temporaryDirectory("cli-versions")
        #expect(try CLI.run(["ingest", "Corpus", "--index", dir.path]).status == 0)
        let before = try CLI.run(["ask", Self.question, "--index", dir.path, "--json"])
        let old = try TestPaths.temporaryDirectory("cli-versions-answers").appendingPathComponent("old.jsonl")
        try Self.toScore(before.stdout).write(to: old, atomically: true, encoding: .utf8)
        #expect(before.stdout.contains("45 days"))

        let corpus = try CorpusEdit.returnsWindow50("cli-versions-corpus", version: "3").corpus
        #expect(try CLI.run(["ingest", corpus.path, "--index", dir.path]).status == 0)
        let after = try CLI.run(["ask", Self.question, "--index", dir.path, "--json"])
        let now = try JSONDecoder().decode(GroundedAnswer.self, from: Data(after.stdout.utf8))
        #expect(now.sentences.allSatisfy { $0.citation.documentID != "returns-policy" || $0.citation.version == "3" })
        #expect(after.stdout.contains("50 days"))

        let scored = try CLI.run(["qa", "score", old.path, "--index", dir.path])
        #expect(scored.status == 0, "\(scored.stderr)")
        #expect(scored.stdout.contains("1 answers, 0 flagged for review"), "\(scored.stdout)")
        #expect(!scored.stdout.contains("not in the knowledge base"))
    }

    @Test("--versioning automatic stores an unversioned edit as version 2+1; the index keeps the choice")
    func automatic() throws {
        let dir = try TestPaths.temporaryDirectory("cli-auto-version")
        #expect(try CLI.run(["ingest", "Corpus", "--index", dir.path]).status == 0)
        let corpus = try CorpusEdit.returnsWindow50("cli-auto-version-corpus", version: nil).corpus
        let refused = try CLI.run(["ingest", corpus.path, "--index", dir.path])
        #expect(refused.status != 0 && refused.stderr.contains("--versioning automatic"), "\(refused.stderr)")
        let plan = try CLI.run(["ingest", corpus.path, "--index", dir.path, "--versioning", "automatic", "--dry-run"])
        #expect(plan.stdout.contains("would version automatically: returns-policy: 2 → 2+1"), "\(plan.stdout)")
        let done = try CLI.run(["ingest", corpus.path, "--index", dir.path, "--versioning", "automatic"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("new versions: returns-policy: 2 → 2+1"), "\(done.stdout)")
        #expect(try CLI.run(["ask", Self.question, "--index", dir.path]).stdout.contains("(returns-policy v2+1)"))
        let again = try CLI.run(["ingest", corpus.path, "--index", dir.path])
        #expect(again.status == 0 && again.stdout.contains("skipped 46 unchanged"), "\(again.stdout)")
        let bad = try CLI.run(["ingest", corpus.path, "--index", dir.path, "--versioning", "sometimes"])
        #expect(bad.status != 0 && bad.stderr.contains("--versioning takes declared or automatic"))
    }
}

@Suite("grounded ingest shows its progress")
struct IngestProgressCLITests {
    @Test("--progress json writes one JSON object a line on standard error, ending done; --progress off none")
    func jsonLines() throws {
        let dir = try TestPaths.temporaryDirectory("cli-progress")
        let run = try CLI.run(["ingest", "Corpus", "--index", dir.path, "--progress", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("{") }
        let events = try lines.map { try JSONDecoder().decode(IngestProgress.self, from: Data($0.utf8)) }
        #expect(events.first?.phase == .reading && events.last?.phase == .done, "\(run.stderr)")
        #expect(events.last?.documents == 46 && events.last?.embedded == events.last?.embedTotal)
        #expect(run.stdout.contains("Ingested into"), "the report stays on standard output")
        let quiet = try CLI.run(["ingest", "Corpus", "--index", dir.path, "--progress", "off"])
        #expect(quiet.status == 0 && !quiet.stderr.contains("{"), "\(quiet.stderr)")
        let bad = try CLI.run(["ingest", "Corpus", "--index", dir.path, "--progress", "loud"])
        #expect(bad.status != 0 && bad.stderr.contains("--progress takes auto, terminal, json or off"))
    }
}
