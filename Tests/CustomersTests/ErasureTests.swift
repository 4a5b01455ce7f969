import Customers
import Foundation
import GroundedTesting
import Records
import Storage
import Testing

@Suite("Forgetting a customer")
struct ErasureTests {
    /// Every text value in every table of the store, for searching.
    static func everything(_ store: ServiceStore) throws -> String {
        let tables = try store.database.tableNames()
        var out = ""
        for table in tables {
            for row in try store.database.query("SELECT * FROM \"\(table)\"") {
                for value in row.values { if let s = value.string { out += s + "\n" } }
            }
        }
        return out
    }

    @Test(
        """
        their profile, conversations, answers, outreach and feedback are gone from every table; \
        other customers keep theirs
        """
    )
    func erase() throws {
        let store = try CustomerStoreTests.store()
        let (dana, conversation) = try HandoffTests.conversation(store)
        try store.answers.save(
            AnswerRecord(
                id: "ans_1", createdAt: Date(), channel: "chat", status: "answered",
                question: "My order A-10042 never arrived", body: #"{"customerID": "\#(dana.id)", "text": "…"}"#))
        // Sent to her outside any conversation turn: found by the archive's customer column.
        try store.answers.save(
            AnswerRecord(
                id: "ans_direct", createdAt: Date(), channel: "email", status: "answered",
                question: "Where is A-10042?",
                customerID: dana.id, body: "{}"))
        try store.feedback.record(
            FeedbackRecord(
                targetKind: .answer, targetID: "ans_1", who: "customer:\(dana.id)", voter: "web-chat (channel)",
                voterRole: "channel", rating: .down,
                text: "Dana here, still no parcel"))
        try store.outreach.save(
            Outreach(
                customerID: dana.id, rule: "payment-failed", policyVersion: "p", channel: "sms",
                text: "Dana, your payment failed", citations: [], createdAt: Date(), sendAt: Date(), reason: "r"))
        try store.handoffs.handOff(conversation.id, reason: .declined)
        try store.suggestions.save([
            StoredSuggestion(id: "sug_d", conversationID: conversation.id, turn: 4, kind: "draft", body: "{}")
        ])
        try store.feedback.record(
            FeedbackRecord(
                targetKind: .suggestion, targetID: "sug_d", who: "agent:ana", voter: "ana (agent)", voterRole: "agent",
                rating: .up,
                text: "good draft for the parcel lost in Leeds"))
        let other = try store.customers.resolve([Identity(.email, "omar@example.com")])
        _ = try store.conversations.append(
            [Turn(channel: "chat", author: .customer, text: "Omar's own question")],
            to: try store.conversations.current(for: other.id).id)
        let before = try Self.everything(store)
        #expect(before.contains("dana@example.com") && before.contains("A-10042") && before.contains("still no parcel"))

        let report = try store.erase(customerID: dana.id)
        #expect(
            report.deleted["customers"] == 1 && report.deleted["conversations"] == 1 && report.deleted["answers"] == 2)
        let after = try Self.everything(store)
        for trace in [
            "dana@example.com", "Dana", "A-10042", "never arrived", "still no parcel", "ridiculous",
            "parcel lost in Leeds",
            dana.id, conversation.id,
        ] {
            #expect(!after.contains(trace), "“\(trace)” survived the erasure")
        }
        #expect(after.contains("Omar's own question") && after.contains("omar@example.com"))
        #expect(try store.customers.customer(id: dana.id) == nil)
        #expect(try store.answers.answer(id: "ans_direct") == nil)
        #expect(throws: CustomerError.self) { try store.erase(customerID: dana.id) }
    }
}
