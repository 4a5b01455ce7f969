import Engine
import Foundation
import GroundedTesting
import Testing

/// `grounded-lab eval` end to end on the real data, a few questions, through the built binary.
@Suite("grounded-lab eval")
struct EvalCLITests {
    @Test("prints the doc2dial and PolicyQA tables and writes the JSON report and the chunks")
    func evalCommand() throws {
        let dir = try TestPaths.temporaryDirectory("eval-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("report.json")
        let chunks = dir.appendingPathComponent("chunks.jsonl")
        let r = try CLI.run(
            ["eval", "--limit", "40", "--out", report.path, "--export-chunks", chunks.path], tool: CLI.lab)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains("first turn") && r.stdout.contains("all, with history") && r.stdout.contains("PolicyQA"))
        #expect(
            r.stdout.contains("shipped models") && r.stdout.contains("not trained on")
                || r.stdout.contains("ships no trained models for the builtin embedder"), "\(r.stdout)")
        let cv = try CLI.run(["eval", "--limit", "40", "--reranker", "cv", "--policyqa", ""], tool: CLI.lab)
        #expect(cv.status == 0 && cv.stdout.contains("cross-validated"), "\(cv.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
        let doc2dial = json?["doc2dial"] as? [String: Any]
        #expect((doc2dial?["questions"] as? Int) == 40)
        #expect(json?["policyqa"] != nil)
        let lines = try String(contentsOf: chunks, encoding: .utf8).split(separator: "\n")
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(lines.count > 2000 && first?["doc_id"] != nil && first?["start"] != nil)

        let bad = try CLI.run(
            [
                "eval", "--questions", dir.appendingPathComponent("missing.jsonl").path, "--policyqa", "",
            ], tool: CLI.lab)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("cannot read questions"))
    }

    @Test(
        """
        train fits the models on the dialogues outside the held-out part, writes a checksummed file with its data \
        and figures, and eval corpus answers with it
        """
    )
    func train() throws {
        let dir = try TestPaths.temporaryDirectory("train-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("models.json")
        let r = try CLI.run(["train", "--embedder", "builtin", "--limit", "60", "--out", out.path], tool: CLI.lab)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("training on 60 questions") && r.stdout.contains("holding out"))
        let file = try TrainedModelFile.load(out)
        let models = try #require(file.models(for: .builtIn))
        #expect(
            models.training.command.hasPrefix("grounded-lab train") && models.training.heldOutPart == 0
                && models.training.parts == 5)
        #expect(
            models.training.data.map(\.questions) == [0, 60]
                && models.training.data.allSatisfy { $0.sha256.count == 64 })
        #expect((models.training.figures["heldOutQuestions"] ?? 0) > 300)
        #expect(models.answerabilityModel != nil && (0...1).contains(models.declineProbabilityBelow))
        let suite = try CLI.run(["eval", "corpus", "--embedder", "builtin", "--models", out.path], tool: CLI.lab)
        #expect(suite.status == 0 && suite.stdout.contains("answerable"), "\(suite.stderr)")
        let refused = try CLI.run(["train", "--held-out", "5"], tool: CLI.lab)
        #expect(refused.status != 0 && refused.stderr.contains("--held-out"))
    }

    @Test(
        """
        eval mtrag counts every task under its answerability label; --collection keeps the pooled passages; a bad \
        file is refused
        """
    )
    func mtrag() throws {
        let dir = try TestPaths.temporaryDirectory("mtrag-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let perTask = dir.appendingPathComponent("tasks.jsonl")
        let r = try CLI.run(
            ["eval", "mtrag", "--collection", "govt", "--json", "--per-task", perTask.path], tool: CLI.lab)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let rows = try #require(report?["rows"] as? [[String: Any]])
        let reference = try String(
            contentsOf: TestPaths.sharedData.appendingPathComponent("mtrag-un/reference.jsonl"), encoding: .utf8)
        let govt = reference.split(separator: "\n").filter { $0.contains(#""Collection": "govt""#) }.count
        #expect(rows.compactMap { $0["tasks"] as? Int }.reduce(0, +) == govt)
        #expect((report?["passages"] as? Int) == 747 && (report?["collections"] as? [String]) == ["govt"])
        for row in rows {
            let shares = ["answered", "clarified", "declined"].compactMap { row[$0] as? Double }.reduce(0, +)
            #expect(abs(shares - 100) < 0.01, "\(row)")
        }
        // One line per task, its outcome agreeing with the report's shares.
        let lines = try String(contentsOf: perTask, encoding: .utf8).split(separator: "\n")
        let tasks = try lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(tasks.count == govt && tasks.allSatisfy { ($0["collection"] as? String) == "govt" })
        for row in rows {
            let label = row["label"] as? String
            let mine = tasks.filter { ($0["label"] as? String) == label }
            let answered =
                100 * Double(mine.filter { ($0["status"] as? String) == "answered" }.count) / Double(mine.count)
            #expect(abs(answered - ((row["answered"] as? Double) ?? -1)) < 0.01, "\(label ?? "")")
        }
        #expect(
            tasks.filter { ($0["status"] as? String) == "declined" }.allSatisfy { ($0["reason"] as? String) != nil })
        let unanswerable = try #require(rows.first { ($0["label"] as? String) == "UNANSWERABLE" })
        #expect((unanswerable["citesGold"] as? Double) == 0, "no gold passage exists for an unanswerable task")
        let bad = try CLI.run(
            [
                "eval", "mtrag", "--reference", TestPaths.corpus.appendingPathComponent("README.md").path,
            ], tool: CLI.lab)
        #expect(bad.status != 0 && bad.stderr.contains("not an MTRAG task"))
    }

    @Test(
        "eval policyqa scores the questions asked, writes each one's outcome, and refuses a file that is not PolicyQA")
    func policyQA() throws {
        let dir = try TestPaths.temporaryDirectory("policyqa-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let perQuestion = dir.appendingPathComponent("questions.jsonl")
        let r = try CLI.run(["eval", "policyqa", "--limit", "30", "--per-question", perQuestion.path], tool: CLI.lab)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("PolicyQA: 20 policies, 574 segments, 30 questions") && r.stdout.contains("token F1"))
        let lines = try String(contentsOf: perQuestion, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 30)
        for line in lines {
            let q = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let status = try #require(q["status"] as? String)
            let f1 = try #require(q["f1"] as? Double)
            #expect(["answered", "declined", "clarify"].contains(status) && (0...1).contains(f1))
            #expect(status == "answered" || f1 == 0, "only an answer scores")
            #expect(((q["gold"] as? [String]) ?? []).isEmpty == false)
        }
        let bad = try CLI.run(
            ["eval", "policyqa", "--file", TestPaths.corpus.appendingPathComponent("README.md").path], tool: CLI.lab)
        #expect(bad.status != 0 && bad.stderr.contains("is not a PolicyQA"))
    }

    @Test("ask --explain says why: each source's ranks and scores, each sentence's features; --json carries them")
    func explain() throws {
        let dir = try TestPaths.temporaryDirectory("explain-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = dir.appendingPathComponent("index").path
        #expect(try CLI.run(["ingest", TestPaths.corpus.path, "--index", index]).status == 0)
        let r = try CLI.run(["ask", "How long do I have to return an item?", "--index", index, "--explain"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("vector rank") && r.stdout.contains("BM25 rank") && r.stdout.contains("fused"))
        #expect(r.stdout.contains("coverage") && r.stdout.contains("semantic") && r.stdout.contains("heuristic"))
        #expect(r.stdout.contains("In short: 45 days [1]"), "the fact asked for, with its citation")
        let json = try CLI.run(["ask", "How long do I have to return an item?", "--index", index, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let sentence = (object?["sentences"] as? [[String: Any]])?.first
        let explanation = sentence?["explanation"] as? [String: Double]
        #expect(explanation?["coverage"] != nil)
        let source = (object?["sources"] as? [[String: Any]])?.first
        #expect(source?["vectorRank"] != nil || source?["lexicalRank"] != nil)

        // With a profile: the answer greets, the explanation names the profile boost and its reason.
        let profile = dir.appendingPathComponent("alex.json")
        try Data(#"{"name": "Alex", "region": "GB", "consents": ["personalization"]}"#.utf8).write(to: profile)
        let personal = try CLI.run([
            "ask", "How many days do I have to return an item?", "--index", index, "--profile", profile.path,
            "--explain",
        ])
        #expect(personal.status == 0, "\(personal.stderr)")
        #expect(personal.stdout.contains("Hi Alex.") && personal.stdout.contains("returns-policy-uk"))
        #expect(personal.stdout.contains("profile boost") && personal.stdout.contains("written for region GB"))
        let profiled = try CLI.run(["search", "return window", "--index", index, "--profile", profile.path, "--json"])
        let hits = try JSONSerialization.jsonObject(with: Data(profiled.stdout.utf8)) as? [[String: Any]]
        #expect(
            hits?.first?["profileBoost"] != nil
                && hits?.contains { $0["documentID"] as? String == "returns-policy" } == false)

        let notAProfile = dir.appendingPathComponent("bad.json")
        try Data(#"{"name": 42}"#.utf8).write(to: notAProfile)
        let bad = try CLI.run([
            "ask", "How many days do I have to return an item?", "--index", index, "--profile", notAProfile.path,
        ])
        #expect(bad.status != 0 && bad.stderr.contains("is not a customer profile"))
        let missing = try CLI.run([
            "ask", "returns", "--index", index, "--profile", dir.appendingPathComponent("none.json").path,
        ])
        #expect(missing.status != 0 && missing.stderr.contains("cannot read"))
    }
}
