import Customers
import Foundation
import Governance
import GroundedTesting
import Records
import Routing
import Storage
import Testing

/// `grounded intent` and `grounded qa score`, end to end on the real executable.
@Suite("grounded intent and qa CLI", .serialized)
struct RoutingCLITests {
    @Test(
        """
        intent names each message's intent with its confidence and reason, or says out of scope; --json carries the \
        candidates
        """
    )
    func intent() throws {
        let r = try CLI.run([
            "intent", "where is my parcel, it never came", "tell me a joke about penguins", "--embedder", "none",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("10 intents from"))
        #expect(r.stdout.contains("→ order_status ("))
        #expect(r.stdout.contains("→ out of scope ("))
        let json = try CLI.run(["intent", "I forgot my password", "--embedder", "none", "--json"])
        let lines = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let prediction = try #require(lines.first?["prediction"] as? [String: Any])
        #expect(prediction["intent"] as? String == "login_problem")
        #expect((prediction["candidates"] as? [Any])?.count == 3)

        let missing = try CLI.run(["intent", "hello", "--examples", "/nonexistent/intents.json"])
        #expect(missing.status != 0 && missing.stderr.contains("cannot read the file"))
    }

    @Test("qa score reports each answer's verdicts and flags; a malformed line is named")
    func qaScore() throws {
        let dir = try TestPaths.temporaryDirectory("cli-qa")
        defer { try? FileManager.default.removeItem(at: dir) }
        let ingest = try CLI.run(["ingest", "Corpus", "--index", dir.appendingPathComponent("index").path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        // Offsets in the stored text come from the index: ask for the answer and reuse its citation.
        let ask = try CLI.run([
            "ask", "How long do I have to return an item?", "--json", "--index",
            dir.appendingPathComponent("index").path,
        ])
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(ask.stdout.utf8)) as? [String: Any])
        let sentence = try #require((answer["sentences"] as? [[String: Any]])?.first)
        let citation = try #require(sentence["citation"] as? [String: Any])
        let text = try #require(sentence["text"] as? String)
        func line(_ id: String, _ claim: String) throws -> String {
            let object: [String: Any] = ["id": id, "text": claim + " [1]", "citations": [citation]]
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let file = dir.appendingPathComponent("answers.jsonl")
        let changed = text.replacingOccurrences(of: "45", with: "90")
        #expect(changed != text, "the returns answer states its 45 days")
        try (try line("good", text) + "\n" + (try line("bad", changed)) + "\n").write(
            to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["qa", "score", file.path, "--index", dir.appendingPathComponent("index").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("good: 1.00"))
        #expect(
            r.stdout.contains("bad: 0.") && r.stdout.contains("FLAGGED FOR REVIEW")
                && r.stdout.contains("[contradicted]"))
        #expect(r.stdout.contains("2 answers, 1 flagged for review"))

        try "{\"text\": 3}\n".write(to: file, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["qa", "score", file.path, "--index", dir.appendingPathComponent("index").path])
        #expect(bad.status != 0 && bad.stderr.contains("line 1: not an answer"))
    }

    @Test("report prints the outcomes per channel and per A/B arm; without a store it says how to get one")
    func report() throws {
        let dir = try TestPaths.temporaryDirectory("cli-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try ServiceStore(directory: dir)
        for (email, channel) in [("a@example.com", "chat"), ("b@example.com", "sms")] {
            let c = try store.customers.resolve([Identity(.email, email)])
            let conversation = try store.conversations.current(for: c.id)
            let id = "ans_" + email.prefix(1)
            try store.answers.save(
                AnswerRecord(id: id, createdAt: Date(), channel: channel, status: "answered", question: "q", body: "{}")
            )
            _ = try store.conversations.append(
                [
                    Turn(channel: channel, author: .customer, text: "q"),
                    Turn(channel: channel, author: .bot, text: "a", answerID: id),
                ],
                to: conversation.id)
            if channel == "sms" { try store.handoffs.handOff(conversation.id, reason: .declined) }
        }
        let r = try CLI.run(["report", "--data", dir.path, "--experiment", "wording", "--arms", "control", "short"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("by channel") && r.stdout.contains("by variant (wording)"))
        let chat = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("chat ") })
        #expect(chat.contains("100.0%"), "\(chat)")
        let json = try CLI.run(["report", "--data", dir.path, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["overall"] as? [String: Any])?["escalationRate"] as? Double == 50)
        let missing = try CLI.run(["report", "--data", dir.appendingPathComponent("none").path])
        #expect(missing.status != 0 && missing.stderr.contains("grounded serve"))

        // The running experiment: its arms with 95% intervals; another name is refused.
        let experiment = ExperimentPolicy(
            version: "experiment-1",
            experiment: .init(
                id: "brief-replies",
                arms: [.init(id: "control"), .init(id: "brief", variant: .init(maxSentences: 1))]))
        try store.policies.installInitial(kind: .experiment, document: PolicyDocument(encoding: experiment))
        let arms = try CLI.run(["report", "--data", dir.path, "--experiment", "brief-replies"])
        #expect(arms.status == 0, "\(arms.stderr)")
        #expect(arms.stdout.contains("experiment brief-replies (policy experiment-1)"))
        #expect(arms.stdout.contains("control") && arms.stdout.contains("brief") && arms.stdout.contains("running"))
        #expect(arms.stdout.contains("%  [") || arms.stdout.contains("% ["), "rates with intervals: \(arms.stdout)")
        let other = try CLI.run(["report", "--data", dir.path, "--experiment", "colours"])
        #expect(other.status != 0 && other.stderr.contains("the running one is brief-replies"))
    }

    @Test("audit verify passes an intact log and names the first entry of a tampered one, exiting 1")
    func auditVerify() throws {
        let dir = try TestPaths.temporaryDirectory("cli-audit")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try ServiceStore(directory: dir)
        for i in 0..<5 {
            try store.audit.append(AuditEvent(actor: "bot", action: "answer", subject: "ans_\(i)", outcome: "answered"))
        }
        let ok = try CLI.run(["audit", "verify", "--data", dir.path])
        #expect(ok.status == 0 && ok.stdout.contains("audit log intact: 5 entries"), "\(ok.stderr)")
        _ = try store.database.run("UPDATE audit SET body = replace(body, 'answered', 'declined') WHERE sequence = 3")
        let broken = try CLI.run(["audit", "verify", "--data", dir.path])
        #expect(broken.status == 1 && broken.stderr.contains("broken at entry 3 of 5"), "\(broken.stderr)")
    }
}
