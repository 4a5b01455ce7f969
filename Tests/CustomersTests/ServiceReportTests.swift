import Customers
import Foundation
import GroundedTesting
import Records
import Testing

@Suite("Service report")
struct ServiceReportTests {
    @Test(
        """
        deflection, escalation, first-contact resolution, repeat contact, suggestion acceptance and mean QA score, \
        per channel and variant
        """
    )
    func figures() throws {
        let store = try CustomerStoreTests.store()
        let day: TimeInterval = 24 * 3600
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        func answered(_ email: String, channel: String, at: Date, answerID: String) throws -> Conversation {
            let c = try store.customers.resolve([Identity(.email, email)])
            let conversation = try store.conversations.current(for: c.id, now: at)
            try store.answers.save(
                AnswerRecord(
                    id: answerID, createdAt: at, channel: channel, status: "answered", question: "q", body: "{}"))
            return try store.conversations.append(
                [
                    Turn(at: at, channel: channel, author: .customer, text: "q"),
                    Turn(at: at, channel: channel, author: .bot, text: "a", answerID: answerID),
                ], to: conversation.id)
        }
        // Ana: answered in chat, never back — deflected and resolved at first contact.
        let ana = try answered("ana@example.com", channel: "chat", at: t0, answerID: "ans_a")
        try store.answers.saveQAScore(answerID: "ans_a", score: 0.9)
        // Ben: answered by SMS, then handed to a person — escalated.
        let ben = try answered("ben@example.com", channel: "sms", at: t0, answerID: "ans_b")
        try store.handoffs.handOff(ben.id, reason: .customerAsked, now: t0)
        try store.answers.saveQAScore(answerID: "ans_b", score: 0.5)
        // Cy: answered in chat, back two days later — a repeat contact, not resolved at first contact.
        _ = try answered("cy@example.com", channel: "chat", at: t0, answerID: "ans_c1")
        try store.conversations.setState(
            .closed,
            of: try store.conversations.current(
                for: try store.customers.resolve([Identity(.email, "cy@example.com")]).id, now: t0
            )
            .id)
        _ = try answered("cy@example.com", channel: "chat", at: t0.addingTimeInterval(2 * day), answerID: "ans_c2")
        // Suggestions in Ben's conversation: one used, one ignored.
        try store.suggestions.save([
            StoredSuggestion(id: "sug_1", conversationID: ben.id, turn: 0, kind: "draft", body: "{}"),
            StoredSuggestion(id: "sug_2", conversationID: ben.id, turn: 0, kind: "action", body: "{}"),
        ])
        try store.suggestions.recordFeedback(.used, on: "sug_1", agent: "ana")
        try store.suggestions.recordFeedback(.ignored, on: "sug_2", agent: "ana")
        // A draft used, then voted down; another edited into a reply (and used again unchanged); a
        // snippet voted up without being used; one ignored and then used after all.
        try store.suggestions.save([
            StoredSuggestion(id: "sug_3", conversationID: ben.id, turn: 1, kind: "draft", body: "{}"),
            StoredSuggestion(id: "sug_4", conversationID: ben.id, turn: 1, kind: "draft", body: "{}"),
            StoredSuggestion(id: "sug_5", conversationID: ben.id, turn: 1, kind: "snippet", body: "{}"),
            StoredSuggestion(id: "sug_6", conversationID: ben.id, turn: 1, kind: "action", body: "{}"),
        ])
        try store.suggestions.recordFeedback(.used, on: "sug_3", agent: "ana")
        try store.suggestions.recordFeedback(.thumbsDown, on: "sug_3", agent: "ana")
        try store.suggestions.recordFeedback(.edited, on: "sug_4", agent: "ana")
        try store.suggestions.recordFeedback(.used, on: "sug_4", agent: "ana")
        try store.suggestions.recordFeedback(.thumbsUp, on: "sug_5", agent: "ana")
        try store.suggestions.recordFeedback(.ignored, on: "sug_6", agent: "ana")
        try store.suggestions.recordFeedback(.used, on: "sug_6", agent: "ana")
        _ = ana

        let report = try store.report(variant: { $0 == ana.customerID ? "short" : "control" })
        let all = report.overall
        #expect(all.conversations == 4)
        #expect(all.deflectionRate == 75 && all.escalationRate == 25)
        #expect(all.repeatContactRate == 25)
        #expect(all.firstContactResolution == 50, "Ana and Cy's second conversation")
        // Six suggestions with feedback, counted once each by the last word: sug_1, sug_4, sug_5 and
        // sug_6 accepted; sug_2 (ignored) and sug_3 (voted down after use) not.
        #expect(abs((all.suggestionAcceptance ?? 0) - 400.0 / 6) < 1e-9)
        // Put into replies: sug_1, sug_3, sug_4 and sug_6; edited first: sug_4.
        #expect(all.suggestionEditRate == 25)
        #expect(abs((all.meanQAScore ?? 0) - 0.7) < 1e-9)
        let sms = try #require(report.byChannel.first { $0.group == "sms" })
        #expect(sms.conversations == 1 && sms.escalationRate == 100 && sms.deflectionRate == 0)
        #expect(report.byVariant.map(\.group) == ["control", "short"])
        #expect(report.byVariant.first { $0.group == "short" }?.firstContactResolution == 100)
    }

    @Test("an empty store reports no rates, not NaN")
    func empty() throws {
        let report = try CustomerStoreTests.store().report()
        #expect(
            report.overall.conversations == 0 && report.overall.deflectionRate == nil
                && report.overall.meanQAScore == nil)
        #expect(report.byChannel.isEmpty)
    }
}
