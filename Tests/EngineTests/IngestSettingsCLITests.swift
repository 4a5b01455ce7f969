import Engine
import Foundation
import GroundedTesting
import Testing
import VectorIndex

/// An index keeps what it was built with: the issue's reproduction (a MiniLM index re-ingested
/// without `--embedder` must not become a built-in one), the refusal that names each change, and
/// `--rebuild`.
@Suite("grounded ingest keeps the index's settings", .serialized)
struct IngestSettingsCLITests {
    @Test("re-ingesting a MiniLM index without --embedder keeps MiniLM; its answers stay the same")
    func keepsMiniLM() throws {
        let dir = try TestPaths.temporaryDirectory("cli-keep-minilm")
        let built = try CLI.run([
            "ingest", "Corpus", "--index", dir.path, "--embedder", "minilm", "--hnsw-m", "12", "--vector-storage",
            "int8",
        ])
        #expect(built.status == 0, "\(built.stderr)")
        let question = "How long do I have to return an item?"
        let before = try CLI.run(["ask", question, "--index", dir.path])
        let again = try CLI.run(["ingest", "Corpus", "--index", dir.path, "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        let report = try JSONDecoder().decode(IngestReport.self, from: Data(again.stdout.utf8))
        #expect(report.embedderID.hasPrefix("minilm") && report.skipped.count == 46 && report.settingsChanged == nil)
        let build = try #require(try KnowledgeStore(directory: dir, mustExist: true).currentBuild())
        #expect(build.kind == .miniLM && build.settings?.vectors.m == 12, "the index's M is kept too")
        #expect(build.settings?.vectors.quantization == .int8, "and its vector storage")
        #expect(try CLI.run(["ask", question, "--index", dir.path]).stdout == before.stdout)
    }

    @Test("naming other settings is refused, each change named, the index unchanged; --rebuild applies them")
    func refusesThenRebuilds() throws {
        let dir = try TestPaths.temporaryDirectory("cli-rebuild")
        #expect(try CLI.run(["ingest", "Corpus", "--index", dir.path]).status == 0)
        let store = try KnowledgeStore(directory: dir, mustExist: true)
        let first = try #require(try store.currentBuild())
        let refused = try CLI.run([
            "ingest", "Corpus", "--index", dir.path, "--embedder", "minilm", "--ef-search", "99",
            "--vector-storage", "none",
        ])
        #expect(refused.status != 0)
        #expect(first.settings?.vectors.quantization == .float16, "half-precision copies by default")
        #expect(refused.stderr.contains("vector storage: float16 → none"), "\(refused.stderr)")
        #expect(refused.stderr.contains("embedder: builtin → minilm"), "\(refused.stderr)")
        #expect(refused.stderr.contains("HNSW efSearch: \(first.settings?.vectors.efSearch ?? 0) → 99"))
        #expect(refused.stderr.contains("--rebuild") && refused.stderr.contains("the index is unchanged"))
        #expect(try store.currentBuild() == first)
        let rebuilt = try CLI.run([
            "ingest", "Corpus", "--index", dir.path, "--embedder", "minilm", "--ef-search", "99", "--rebuild",
        ])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.contains("rebuilt with: embedder: builtin → minilm"), "\(rebuilt.stdout)")
        let now = try #require(try store.currentBuild())
        #expect(now.kind == .miniLM && now.settings?.vectors.efSearch == 99 && now.buildID != first.buildID)
    }

    @Test("--dry-run reports the diff by section and the refusal, and writes nothing")
    func dryRun() throws {
        let dir = try TestPaths.temporaryDirectory("cli-dry-run")
        #expect(try CLI.run(["ingest", "Corpus", "--index", dir.path]).status == 0)
        let store = try KnowledgeStore(directory: dir, mustExist: true)
        let build = try store.currentBuild()
        let runs = try store.runs(limit: 100).count
        let (corpus, returns) = try CorpusEdit.returnsWindow50("cli-dry-run-corpus", version: "3")

        let plan = try CLI.run(["ingest", corpus.path, "--index", dir.path, "--dry-run"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("would add 1, change 0, remove 1, skip 45 unchanged"), "\(plan.stdout)")
        #expect(plan.stdout.contains("returns-policy (version 2 → 3)"))
        #expect(plan.stdout.contains("changed Returns policy › Return window"))
        #expect(plan.stdout.contains("- You can return most items within 45 days of delivery."))
        #expect(plan.stdout.contains("+ You can return most items within 50 days of delivery."))
        let json = try CLI.run(["ingest", corpus.path, "--index", dir.path, "--dry-run", "--json"])
        let decoded = try JSONDecoder().decode(IngestPlan.self, from: Data(json.stdout.utf8))
        let diff = try #require(decoded.diffs.first)
        #expect(decoded.diffs.count == 1 && diff.documentID == "returns-policy" && diff.sections.count == 1)
        #expect(diff.sections[0].addedSentences == ["You can return most items within 50 days of delivery."])
        // The chunks that change: the stored one by id, the new one by its place.
        let gone = try #require(diff.chunks.first { $0.kind == .gone })
        let stored = try #require(try store.chunks().first { $0.id == gone.id })
        #expect(stored.span == TextSpan(start: gone.start, end: gone.end) && gone.headingPath == stored.headingPath)
        #expect(diff.chunks.map(\.kind) == [.gone, .new] && diff.chunks[1].id == nil)
        #expect(plan.stdout.contains("gone chunk \(stored.id) (#\(stored.ordinal) Returns policy › Return window)"))
        #expect(plan.stdout.contains("new chunk (#"))

        // The same edit under the old version: the dry run names the refusal the ingest would give.
        try String(contentsOf: returns, encoding: .utf8)
            .replacingOccurrences(of: "\nversion: 3\n", with: "\nversion: 2\n")
            .write(to: returns, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["ingest", corpus.path, "--index", dir.path, "--dry-run"])
        #expect(refused.stdout.contains("refused, a new text needs a new version: policies/returns-2025.md"))
        #expect(try CLI.run(["ingest", corpus.path, "--index", dir.path]).status != 0)
        #expect(try store.currentBuild() == build && (try store.runs(limit: 100).count) == runs, "nothing written")
    }

    @Test("--check reports exactly the answers an edit changes; --fail-on-change exits 3 and ingests nothing")
    func drift() throws {
        let dir = try TestPaths.temporaryDirectory("cli-drift")
        #expect(try CLI.run(["ingest", "Corpus", "--index", dir.path]).status == 0)
        let build = try KnowledgeStore(directory: dir, mustExist: true).currentBuild()
        let corpus = try CorpusEdit.returnsWindow50("cli-drift-corpus", version: "3").corpus
        let questions = corpus.appendingPathComponent("questions.jsonl")
        try [
            "How long do I have to return an item?", "How much does Lumen Plus cost?", "How do I reset my bulb?",
        ].map { #"{"question": "\#($0)"}"# }.joined(separator: "\n").write(
            to: questions, atomically: true, encoding: .utf8)

        let checked = try CLI.run(["ingest", corpus.path, "--index", dir.path, "--check", questions.path, "--dry-run"])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.contains("answer drift: 1 of 3 answers change what they say"), "\(checked.stdout)")
        #expect(checked.stdout.contains("Q: How long do I have to return an item?  (text)"))
        #expect(checked.stdout.contains("[returns-policy@2]") && checked.stdout.contains("[returns-policy@3]"))
        #expect(checked.stdout.contains("within 50 days"))
        let json = try CLI.run([
            "ingest", corpus.path, "--index", dir.path, "--check", questions.path, "--dry-run", "--json",
        ])
        let drift = try JSONDecoder().decode(AnswerDrift.self, from: Data(json.stdout.utf8))
        #expect(drift.questions == 3 && drift.changes.map(\.question) == ["How long do I have to return an item?"])
        #expect(drift.changes[0].kind == .text)
        #expect(
            drift.changes[0].current.cited == ["returns-policy@2"]
                && drift.changes[0].candidate.cited == ["returns-policy@3"])

        let gate = try CLI.run([
            "ingest", corpus.path, "--index", dir.path, "--check", questions.path, "--fail-on-change",
        ])
        #expect(gate.status == 3 && gate.stderr.contains("1 answers would change: nothing was ingested"))
        #expect(try KnowledgeStore(directory: dir, mustExist: true).currentBuild() == build, "nothing ingested")
        let unchanged = try CLI.run([
            "ingest", "Corpus", "--index", dir.path, "--check", questions.path, "--fail-on-change",
        ])
        #expect(unchanged.status == 0 && unchanged.stdout.contains("answer drift: 0 of 3 answers change"))
    }
}
