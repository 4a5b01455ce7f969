import Customers
import Foundation
import Governance
import GroundedTesting
import Records
import Storage
import Testing

@Suite("Retention")
struct RetentionTests {
    static func count(_ store: ServiceStore, _ table: String) throws -> Int {
        try store.database.query("SELECT count(*) AS n FROM \(table)").first?["n"].int ?? 0
    }

    @Test("the job purges each kind of data past its period, keeps what is younger or kept forever, and audits the run")
    func purge() throws {
        let store = try CustomerStoreTests.store()
        let now = Date()
        let days = { (n: Double) in now.addingTimeInterval(-n * 86_400) }
        // An old customer (conversation and answer 400 days old) and a recent one.
        let (old, oldConversation) = try HandoffTests.conversation(store)
        let recent = try store.customers.resolve([Identity(.email, "recent@example.com")])
        let recentConversation = try store.conversations.append(
            [Turn(channel: "chat", author: .customer, text: "Where is my order?")],
            to: try store.conversations.current(for: recent.id).id)
        try store.answers.save(
            AnswerRecord(
                id: "ans_old", createdAt: days(400), channel: "chat", status: "answered", question: "old", body: "{}"))
        try store.answers.save(
            AnswerRecord(
                id: "ans_new", createdAt: days(10), channel: "chat", status: "answered", question: "new", body: "{}"))
        try store.feedback.record(
            FeedbackRecord(
                targetKind: .answer, targetID: "ans_old", who: "customer:\(old.id)", voter: "web-chat (channel)",
                voterRole: "channel", rating: .down, text: "old words"))
        try store.feedback.record(
            FeedbackRecord(
                targetKind: .answer, targetID: "ans_new", who: "customer:\(recent.id)", voter: "web-chat (channel)",
                voterRole: "channel", rating: .up, text: "new words"))
        _ = try store.database.run(
            "UPDATE conversations SET updated_at = ? WHERE id = ?",
            [days(400).timeIntervalSince1970, oldConversation.id])
        _ = try store.database.run(
            "UPDATE feedback SET at = ? WHERE target_id = 'ans_old'", [days(200).timeIntervalSince1970])
        try store.customers.record(
            CustomerEvent(type: "order_placed", data: ["product": "lumen-hub"], at: days(800)), for: old.id)
        let eventsBefore = try Self.count(store, "events")

        let report = try store.purge(under: RetentionPolicy(version: "retention-test"), now: now)
        #expect(
            report.deleted["answers"] == 1 && report.deleted["conversations"] == 1 && report.deleted["feedback"] == 1)
        #expect(try report.deleted["events"] == 1 && Self.count(store, "events") == eventsBefore - 1)
        #expect(try store.answers.answer(id: "ans_old") == nil && store.answers.answer(id: "ans_new") != nil)
        #expect(
            try store.conversations.conversation(id: oldConversation.id) == nil
                && store.conversations.conversation(id: recentConversation.id) != nil)
        #expect(try store.database.query("SELECT text FROM feedback").compactMap { $0["text"].string } == ["new words"])
        #expect(
            try store.customers.customer(id: old.id) != nil,
            "the profile stays until the customer is forgotten or their data ages out by kind")

        let entry = try #require(try store.audit.entries().last)
        #expect(
            entry.action == "retention-purge" && entry.actor == "retention-job"
                && entry.policyVersion == "retention-test")
        #expect(entry.outcome.contains("1 answers") && entry.outcome.contains("1 conversations"))

        // A second run finds nothing due, and says so in the log.
        #expect(try store.purge(under: RetentionPolicy(version: "retention-test"), now: now).deleted.isEmpty)
        #expect(try store.audit.entries().last?.outcome == "nothing was due")

        // Null keeps a kind until erasure.
        let keepAll = RetentionPolicy(
            version: "keep", answersDays: nil, conversationsDays: nil, feedbackDays: nil, routeDecisionsDays: nil,
            outreachDays: nil, eventsDays: nil)
        #expect(try store.purge(under: keepAll, now: now.addingTimeInterval(100 * 365 * 86_400)).deleted.isEmpty)
        #expect(AuditChain.verify(try store.audit.entries()).intact)
    }
}
