import Customers
import Foundation
import Governance
import GroundedTesting
import Records
import Testing

@Suite("grounded keys, policy and retention")
struct GovernanceCLITests {
    @Test(
        """
        keys are made, listed without secrets and revoked; a policy is proposed, diffed, refused to its proposer, \
        approved by another lead, and rolled back
        """
    )
    func keysAndPolicyGate() throws {
        let data = try TestPaths.temporaryDirectory("governance-cli")
        let base = ["--index", CorpusFixture.index.path, "--data", data.path]
        func key(_ person: String, _ role: String) throws -> String {
            let made = try CLI.run(["keys", "create"] + base + ["--person", person, "--role", role])
            #expect(made.status == 0, "\(made.stderr)")
            return made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let alice = try key("alice@example.com", "ops-lead")
        let bob = try key("bob@example.com", "ops-lead")
        let admin = try key("root@example.com", "admin")
        let kim = try key("kim@example.com", "knowledge-manager")
        #expect(alice.hasPrefix("gk_") && alice.count == 3 + 12 + 1 + 32)
        let badRole = try CLI.run(["keys", "create"] + base + ["--person", "x", "--role", "boss"])
        #expect(badRole.status != 0 && badRole.stderr.contains("ops-lead"))
        let pretend = try CLI.run(
            ["keys", "create"] + base + ["--person", "x", "--role", "admin", "--key", "anything"])
        #expect(
            pretend.status != 0 && pretend.stderr.contains("--key"),
            "keys commands take no --key: it would check nothing")
        let list = try CLI.run(["keys", "list"] + base)
        #expect(list.status == 0 && list.stdout.contains("alice@example.com") && list.stdout.contains("ops-lead"))
        #expect(
            ![alice, bob, admin, kim].contains { list.stdout.contains(String($0.suffix(32))) },
            "secrets are never listed")

        func policy(_ arguments: [String], as key: String) throws -> CLI.Result {
            try CLI.run(["policy"] + arguments + base + ["--key", key])
        }
        func write(_ version: String, confidence: Double) throws -> String {
            let file = data.appendingPathComponent("\(version).json")
            try #"""
            {"version": "\#(version)", "answerConfidenceAtLeast": \#(confidence), "clarifyWhenBothAtLeast": 0.3, \#
            "clarifyMargin": 0.15, "escalateOn": ["legal-threat"], "angerEscalatesAtSentiment": -0.5, \#
            "personIntents": [], "queues": [{"name": "general", "languages": [], "products": [], "plans": [], \#
            "capacity": 10}]}
            """#
            .write(to: file, atomically: true, encoding: .utf8)
            return file.path
        }
        func id(_ result: CLI.Result) throws -> String {
            String(try #require(result.stdout.firstMatch(of: /pol_[0-9a-f]+/)).output)
        }

        let first = try policy(
            ["propose", "--kind", "routing", "--file", try write("r-1", confidence: 0.35), "--reason", "first"], as: kim
        )
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try policy(["approve", try id(first)], as: bob).status == 0)

        let second = try policy(
            [
                "propose", "--kind", "routing", "--file", try write("r-2", confidence: 0.5), "--reason",
                "fewer weak answers",
            ], as: alice)
        #expect(
            second.status == 0 && second.stdout.contains("+  \"answerConfidenceAtLeast\" : 0.5")
                && second.stdout.contains("-  \"answerConfidenceAtLeast\" : 0.35"),
            "\(second.stdout)")
        let change = try id(second)
        let diff = try policy(["diff", change], as: kim)
        #expect(diff.status == 0 && diff.stdout.contains("--- active r-1") && diff.stdout.contains("+++ r-2"))
        let own = try policy(["approve", change], as: alice)
        #expect(own.status != 0 && own.stderr.contains("another ops lead"), "\(own.stderr)")
        let byAdmin = try policy(["approve", change], as: admin)
        #expect(byAdmin.status != 0 && byAdmin.stderr.contains("only an ops lead"))
        #expect(try policy(["history", "--kind", "routing"], as: kim).stdout.contains("routing: active r-1"))
        #expect(try policy(["approve", change], as: bob).status == 0)
        let history = try policy(["history", "--kind", "routing"], as: kim).stdout
        #expect(history.contains("routing: active r-2") && history.contains("approved by bob@example.com"))
        let rollback = try policy(["rollback", "--kind", "routing", "--reason", "queues overflowed"], as: alice)
        #expect(rollback.status == 0 && rollback.stdout.contains("active: r-1"), "\(rollback.stderr)")
        let invalid = try policy(
            ["propose", "--kind", "routing", "--file", try write("r-3", confidence: 7), "--reason", "x"], as: alice)
        #expect(invalid.status != 0 && invalid.stderr.contains("routing policy"))
        #expect(
            try policy(["history"], as: "gk_000000000000_00000000000000000000000000000000").stderr.contains("not valid")
        )

        let revoke = try CLI.run(["keys", "revoke", String(alice.dropFirst(3).prefix(12))] + base)
        #expect(revoke.status == 0)
        #expect(try policy(["history"], as: alice).stderr.contains("revoked"))

        let retentionByKim = try CLI.run(["retention", "run"] + base + ["--key", kim])
        #expect(retentionByKim.status != 0 && retentionByKim.stderr.contains("ops-lead or admin"))
        let retention = try CLI.run(["retention", "run"] + base + ["--key", admin])
        #expect(retention.status == 0 && retention.stdout.contains("nothing was due"), "\(retention.stderr)")
        let audit = try CLI.run(["audit", "verify"] + base)
        #expect(audit.status == 0 && audit.stdout.contains("intact"), "\(audit.stderr)")
    }

    @Test(
        """
        feedback report shows voters and the multiplier in force; reset deletes ratings for a knowledge manager \
        only, audited
        """
    )
    func feedbackReportAndReset() throws {
        let data = try TestPaths.temporaryDirectory("feedback-cli")
        let base = ["--index", CorpusFixture.index.path, "--data", data.path]
        func key(_ person: String, _ role: String) throws -> String {
            try CLI.run(["keys", "create"] + base + ["--person", person, "--role", role]).stdout.trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
        let kim = try key("kim@example.com", "knowledge-manager")
        let ana = try key("ana@example.com", "agent")
        let store = try ServiceStore(directory: data)
        let span = "returns-policy@2[301, 354)"
        for voter in ["a", "b", "c", "d", "e"] {
            try store.feedback.record(
                FeedbackRecord(
                    targetKind: .chunk, targetID: span, questionKind: "return_item",
                    voter: "\(voter)@example.com (agent)", voterRole: "agent", rating: .down))
        }
        let report = try CLI.run(["feedback", "report"] + base + ["--key", kim])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(
            report.stdout.contains(
                "returns-policy@2 [301, 354) for return_item: 5 voters, up 0.0, down 5.0; score ×0.50"),
            "\(report.stdout)")
        #expect(report.stdout.contains("down by e@example.com (agent), weight 1.0, on chunk \(span)"))
        let refused = try CLI.run(["feedback", "reset", "--reason", "x"] + base + ["--key", ana])
        #expect(refused.status != 0 && refused.stderr.contains("needs knowledge-manager or admin"))
        let badTarget = try CLI.run(
            ["feedback", "reset", "--target", "planet:x", "--reason", "x"] + base + ["--key", kim])
        #expect(badTarget.status != 0 && badTarget.stderr.contains("kind:id"))
        let reset = try CLI.run(
            ["feedback", "reset", "--target", "chunk:\(span)", "--reason", "policy rewritten"] + base + ["--key", kim])
        #expect(reset.status == 0 && reset.stdout.contains("deleted 5 ratings"), "\(reset.stdout) \(reset.stderr)")
        #expect(try CLI.run(["feedback", "report"] + base + ["--key", kim]).stdout.contains("no ratings"))
        #expect(try store.audit.entries().contains { $0.action == "feedback-reset" && $0.actor == "kim@example.com" })
    }
}
