import Engine
import Foundation
import GroundedTesting
import Testing
import VectorIndex

/// The `grounded` command, end to end: the real executable on the real corpus.
@Suite("grounded CLI", .serialized)
struct CLITests {
    static let index: URL = {
        let dir = try! TestPaths.temporaryDirectory("cli-index")
        let r = try! CLI.run(["ingest", "Corpus", "--index", dir.path])
        precondition(r.status == 0, r.stderr)
        return dir
    }()

    @Test("ingest reports what it did, and a second run skips every unchanged document")
    func ingest() throws {
        let dir = try TestPaths.temporaryDirectory("cli-ingest")
        let first = try CLI.run(["ingest", "Corpus", "--index", dir.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("added 46, changed 0, removed 0, skipped 0 unchanged, 0 with problems"))
        #expect(first.stdout.contains("embedder fitted: lsa-v1"))
        let second = try CLI.run(["ingest", "Corpus", "--index", dir.path, "--json"])
        #expect(second.status == 0)
        let report = try JSONDecoder().decode(IngestReport.self, from: Data(second.stdout.utf8))
        #expect(report.skipped.count == 46 && report.added.isEmpty && !report.refitEmbedder)
    }

    @Test("ask prints a cited answer; --json gives the citations")
    func ask() throws {
        let text = try CLI.run(["ask", "How much does Lumen Plus cost?", "--index", Self.index.path])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Lumen Plus costs $5.99 per month or $59 per year. [1]"))
        #expect(text.stdout.contains("[1] Lumen Plus membership terms (lumen-plus-terms v2)"))
        #expect(text.stdout.contains("every citation verified"))

        let json = try CLI.run(["ask", "When will I get my refund?", "--index", Self.index.path, "--json"])
        #expect(json.status == 0)
        let answer = try JSONDecoder().decode(GroundedAnswer.self, from: Data(json.stdout.utf8))
        #expect(answer.status == .answered)
        #expect(answer.sentences.first?.citation.documentID == "refund-policy")
    }

    @Test(
        """
        ask --conversation reads a follow-up in context; a conversation file that is not one is refused, naming the \
        file
        """
    )
    func conversation() throws {
        let dir = try TestPaths.temporaryDirectory("cli-conversation")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("conversation.json")
        try #"""
        [{"role": "user", "text": "What batteries does the Lumen Lock use?"}, {"role": "agent", "text": "The \#
        lock uses 4 AA batteries that last about 6 months."}]
        """#
        .write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run([
            "ask", "What happens if they run out completely?", "--conversation", file.path, "--index", Self.index.path,
            "--json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let answer = try JSONDecoder().decode(GroundedAnswer.self, from: Data(r.stdout.utf8))
        #expect(answer.question == "What happens if they run out completely?")
        #expect(
            answer.sentences.first?.citation.documentID == "lock-guide" && answer.message.contains("9 V"),
            "\(answer.message)")
        try #"[{"role": "customer", "text": "hi"}]"#.write(to: file, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["ask", "And then?", "--conversation", file.path, "--index", Self.index.path])
        #expect(bad.status != 0 && bad.stderr.contains(file.path) && bad.stderr.contains("role"), "\(bad.stderr)")
    }

    @Test("eval corpus scores the question suite: the groups, the kinds and what went wrong; --json has every outcome")
    func evalCorpus() throws {
        let r = try CLI.run(["eval", "corpus", "--embedder", "builtin"], tool: CLI.lab)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("answerable") && r.stdout.contains("unanswerable") && r.stdout.contains("typo"))
        let json = try CLI.run(["eval", "corpus", "--embedder", "builtin", "--json"], tool: CLI.lab)
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let outcomes = try #require(report?["outcomes"] as? [[String: Any]])
        let lines = try String(
            contentsOf: TestPaths.packageRoot.appendingPathComponent("Questions/corpus.jsonl"), encoding: .utf8
        )
        .split(separator: "\n").count
        #expect(outcomes.count == lines)
        #expect((report?["date"] as? String) == "2026-06-01")
        // Short facts: counted among right answers, each one's fact shown with its outcome.
        let short = try #require(report?["shortAnswers"] as? Int)
        let saying = try #require(report?["shortAnswersSayingFact"] as? Int)
        let withShort = outcomes.filter {
            ($0["correct"] as? Bool) == true && ($0["expected"] as? String) == "answered"
                && $0["shortAnswer"] != nil
        }
        #expect(short == withShort.count && short > 10 && (0...short).contains(saying))
        #expect(r.stdout.contains("short facts: \(short) right answers state one"))
    }

    @Test("ask declines honestly, and filters reach the engine")
    func declineAndFilters() throws {
        let decline = try CLI.run(["ask", "Do you repair electric scooters?", "--index", Self.index.path])
        #expect(decline.status == 0)
        #expect(decline.stdout.contains("I couldn't find this in our knowledge base"))
        #expect(decline.stdout.contains("declined"))

        let old = try CLI.run([
            "ask", "How long do I have to return an item?", "--index", Self.index.path, "--as-of", "2023-06-01",
            "--json",
        ])
        let answer = try JSONDecoder().decode(GroundedAnswer.self, from: Data(old.stdout.utf8))
        #expect(answer.message.contains("30 days"))

        let agent = try CLI.run([
            "search", "escalate to a supervisor", "--index", Self.index.path, "--filter", "audience=public,internal",
            "-k", "1",
        ])
        #expect(agent.stdout.contains("agent-escalation"))
        let customer = try CLI.run(["search", "escalate to a supervisor", "--index", Self.index.path, "-k", "5"])
        #expect(!customer.stdout.contains("agent-escalation"))
    }

    @Test("search shows component scores; stats describes the index")
    func searchAndStats() throws {
        let search = try CLI.run(["search", "thermostat C wire power adapter", "--index", Self.index.path, "-k", "3"])
        #expect(search.status == 0)
        #expect(search.stdout.contains("1. "))
        #expect(search.stdout.contains("rrf "))
        #expect(search.stdout.contains("bm25 #"))
        let stats = try CLI.run(["stats", "--index", Self.index.path])
        #expect(stats.status == 0)
        #expect(stats.stdout.contains("documents: 46 stored"))
        #expect(stats.stdout.contains("html 6, markdown 32, text 8"))
        let json = try CLI.run(["stats", "--index", Self.index.path, "--json"])
        let s = try JSONDecoder().decode(IndexStats.self, from: Data(json.stdout.utf8))
        #expect(s.documents == 46 && s.documentsInEffect < 46 && s.chunks > 46)
    }

    @Test("every command has help")
    func help() throws {
        for command in ["ingest", "ask", "search", "stats", "demo"] {
            let r = try CLI.run([command, "--help"])
            #expect(r.status == 0)
            #expect(r.stdout.contains("USAGE: grounded \(command)"))
        }
    }

    @Test("errors go to stderr with a non-zero exit and say what to do")
    func errors() throws {
        let empty = try TestPaths.temporaryDirectory("cli-none")
        let noIndex = try CLI.run(["ask", "anything", "--index", empty.path])
        #expect(noIndex.status != 0)
        #expect(noIndex.stdout.isEmpty)
        #expect(noIndex.stderr.contains("no index at"))
        #expect(noIndex.stderr.contains("grounded ingest"))

        let noCorpus = try CLI.run(["ingest", "/nonexistent/corpus", "--index", empty.path])
        #expect(noCorpus.status != 0)
        #expect(noCorpus.stderr.contains("does not exist"))

        let badFilter = try CLI.run(["ask", "x", "--filter", "product", "--index", Self.index.path])
        #expect(badFilter.status != 0)
        #expect(badFilter.stderr.contains("key=value"))

        let badM = try CLI.run(["ingest", "Corpus", "--index", empty.path, "--hnsw-m", "1"])
        #expect(badM.status != 0)
        #expect(badM.stderr.contains("m = 1"))
        #expect(!FileManager.default.fileExists(atPath: empty.appendingPathComponent("knowledge.sqlite").path))

        let badWeight = try CLI.run(["search", "x", "--vector-weight=-1", "--index", Self.index.path])
        #expect(badWeight.status != 0)
        #expect(badWeight.stderr.contains("non-negative"))

        let badDate = try CLI.run(["search", "x", "--as-of", "tomorrow", "--index", Self.index.path])
        #expect(badDate.status != 0)
        #expect(badDate.stderr.contains("YYYY-MM-DD"))
    }

    @Test("a damaged index file is named in the error; re-ingesting with --refit repairs it")
    func damagedIndex() throws {
        let dir = try TestPaths.temporaryDirectory("cli-damaged")
        #expect(try CLI.run(["ingest", "Corpus", "--index", dir.path]).status == 0)
        let builds = dir.appendingPathComponent("builds")
        let build = try #require(try FileManager.default.contentsOfDirectory(atPath: builds.path).first)
        let vectors = builds.appendingPathComponent(build).appendingPathComponent("vectors.hnsw")
        let bytes = try Data(contentsOf: vectors)
        try bytes.prefix(bytes.count / 3).write(to: vectors)
        let r = try CLI.run(["ask", "How much does Lumen Plus cost?", "--index", dir.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("vectors.hnsw"))
        #expect(r.stderr.contains("truncated"))
        #expect(try CLI.run(["ingest", "Corpus", "--index", dir.path, "--refit"]).status == 0)
        #expect(try CLI.run(["ask", "How much does Lumen Plus cost?", "--index", dir.path]).stdout.contains("$5.99"))
    }

    @Test("kill -9 during an ingest leaves an index that opens and answers; the next ingest completes")
    func killDuringIngest() throws {
        let dir = try TestPaths.temporaryDirectory("cli-kill")
        #expect(try CLI.run(["ingest", "Corpus", "--index", dir.path]).status == 0)
        let doc2dial = TestPaths.sharedData.appendingPathComponent("doc2dial/documents.jsonl").path
        // Kill the ingest at several points of its run; whatever it was doing, the index must hold.
        for delay: useconds_t in [50_000, 200_000, 500_000, 1_000_000] {
            let p = try CLI.start(["ingest", doc2dial, "--index", dir.path])
            usleep(delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let engine = try GroundedEngine(index: dir)
            #expect(engine.knowledge.chunks.count == engine.knowledge.vectors.count)
            let answer = try engine.ask(
                engine.knowledge.documents.count > 100
                    ? "How do I report a change of address to the DMV?" : "How much does Lumen Plus cost?")
            #expect(answer.status == .answered)
        }
        let finish = try CLI.run(["ingest", doc2dial, "--index", dir.path])
        #expect(finish.status == 0, "\(finish.stderr)")
        #expect(try GroundedEngine(index: dir).knowledge.documents.count == 273)
        let builds = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("builds").path)
        #expect(builds.count == 1)
    }

    @Test("ingest --embedder minilm builds a MiniLM index; asking it with another embedder is refused")
    func miniLM() throws {
        let dir = try TestPaths.temporaryDirectory("cli-minilm")
        let ingest = try CLI.run(["ingest", "Corpus", "--index", dir.path, "--embedder", "minilm"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("MiniLM, every chunk embedded: minilm-l6-v2:sha256-53aa51172d142c89"))
        let ask = try CLI.run([
            "ask", "How long do I have to return an item?", "--index", dir.path, "--embedder", "minilm",
        ])
        #expect(ask.stdout.contains("45 days"))
        let refused = try CLI.run([
            "ask", "How long do I have to return an item?", "--index", dir.path, "--embedder", "builtin",
        ])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("built with the minilm embedder"))
        let stats = try CLI.run(["stats", "--index", dir.path])
        #expect(stats.stdout.contains("embedder: minilm"))
        let bad = try CLI.run([
            "ingest", "Corpus", "--index", dir.path, "--embedder", "minilm", "--model", "/nonexistent",
        ])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("fetch-model"))
    }

    @Test("demo ingests the corpus, answers its sample questions and declines one")
    func demo() throws {
        let dir = try TestPaths.temporaryDirectory("cli-demo")
        let r = try CLI.run(["demo", "--index", dir.appendingPathComponent("demo").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Embedder: MiniLM"))
        #expect(r.stdout.components(separatedBy: "every citation verified").count - 1 == 6)
        #expect(r.stdout.components(separatedBy: "I couldn't find this").count - 1 == 1)
        #expect(
            r.stdout.contains("grounded serve --index \(dir.appendingPathComponent("demo").path)"),
            "the demo says how to serve what it built")
    }
}
