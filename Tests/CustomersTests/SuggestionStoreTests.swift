import Foundation
import Records
import Storage
import Testing

@Suite("Suggestions")
struct SuggestionStoreTests {
    @Test("next-best action records count agents' outcomes per action id, from the column; older rows filled in once")
    func actionRecords() throws {
        let database = try CustomerStoreTests.database("service")
        let store = try ServiceStore(database: database)
        let (_, conversation) = try HandoffTests.conversation(store)
        try store.suggestions.save([
            StoredSuggestion(
                id: "sug_a", conversationID: conversation.id, turn: 0, kind: "action", actionID: "offer-refund",
                body: #"{"actionID": "not-read"}"#),
            StoredSuggestion(
                id: "sug_b", conversationID: conversation.id, turn: 1, kind: "action", actionID: "offer-refund",
                body: "{}"),
            StoredSuggestion(id: "sug_c", conversationID: conversation.id, turn: 1, kind: "draft", body: "{}"),
        ])
        try store.suggestions.recordFeedback(.used, on: "sug_a", agent: "ana")
        try store.suggestions.recordFeedback(.thumbsDown, on: "sug_b", agent: "ana")
        try store.suggestions.recordFeedback(.used, on: "sug_c", agent: "ana")
        var records = try store.suggestions.actionRecords()
        #expect(records.count == 1 && records["offer-refund"]?.successes == 1 && records["offer-refund"]?.failures == 1)
        #expect(try store.suggestions.suggestion(id: "sug_a")?.actionID == "offer-refund")

        // As an earlier version stored action suggestions: the action id only inside the JSON.
        _ = try database.run(
            """
            INSERT INTO suggestions(id, conversation_id, turn, kind, body, created_at)
            VALUES ('sug_old', ?, 2, 'action', '{"actionID": "escalate", "title": "Escalate"}', 0),
                   ('sug_bad', ?, 2, 'action', 'not json', 0)
            """, [conversation.id, conversation.id])
        try store.suggestions.recordFeedback(.edited, on: "sug_old", agent: "ana")
        try store.suggestions.recordFeedback(.used, on: "sug_bad", agent: "ana")
        #expect(try store.suggestions.actionRecords()["escalate"] == nil, "the JSON is not read when counting")
        let reopened = try ServiceStore(database: database)
        records = try reopened.suggestions.actionRecords()
        #expect(records["escalate"]?.successes == 1 && records.count == 2)
        #expect(try reopened.suggestions.suggestion(id: "sug_bad")?.actionID == nil)
    }
}
