import Customers
import Foundation
import GroundedCore
import GroundedTesting
import PostgresStorage
import Records
import Retrieval
import Storage
import Testing

@Suite("Customers")
struct CustomerStoreTests {
    /// A new, empty store: SQLite in a temporary folder, or — when `GROUNDED_TEST_POSTGRES_URL`
    /// names a server (`Tools/test.sh` starts one and runs these suites a second time) — a new
    /// schema in that PostgreSQL database. Every store test runs on both backends that way.
    static func store() throws -> ServiceStore { try ServiceStore(database: try database("service")) }

    /// A new, empty database on the backend under test (see `store()`).
    static func database(_ name: String) throws -> any SQLDatabase {
        if let url = ProcessInfo.processInfo.environment["GROUNDED_TEST_POSTGRES_URL"], !url.isEmpty {
            let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            return try PostgresSQLDatabase(url: url, schema: String(schema))
        }
        return try Database(
            path: try TestPaths.temporaryDirectory("customers").appendingPathComponent("\(name).sqlite").path)
    }

    @Test("the same person is found however their email or phone number is typed")
    func normalisedIdentities() throws {
        let store = try Self.store()
        let a = try store.customers.resolve([Identity(.email, " Dana@Example.COM ")])
        let b = try store.customers.resolve([Identity(.email, "dana@example.com")])
        #expect(a.id == b.id)
        let c = try store.customers.resolve([
            Identity(.phone, "+1 (800) 555-0142"), Identity(.email, "dana@example.com"),
        ])
        #expect(c.id == a.id && c.identities.contains(Identity(.phone, "+18005550142")))
        #expect(try store.customers.customer(for: Identity(.phone, "+1 800 555 0142"))?.id == a.id)
        #expect(throws: CustomerError.self) { try store.customers.resolve([]) }
        #expect(throws: CustomerError.self) { try store.customers.resolve([Identity(.email, "  ")]) }
    }

    @Test("an anonymous session that logs in is merged into the known customer, with its conversation and events")
    func sessionLinkedOnLogin() throws {
        let store = try Self.store()
        let known = try store.customers.resolve([Identity(.email, "dana@example.com"), Identity(.account, "A-17")])
        try store.customers.record(CustomerEvent(type: "plan_changed", data: ["plan": "plus"]), for: known.id)
        let anonymous = try store.customers.resolve([Identity(.session, "web-1")])
        try store.customers.record(CustomerEvent(type: "profile_updated", data: ["region": "GB"]), for: anonymous.id)
        let chat = try store.conversations.current(for: anonymous.id)
        try store.conversations.append(
            [Turn(channel: "chat", author: .customer, text: "my parcel never came")], to: chat.id)

        let merged = try store.customers.resolve([Identity(.session, "web-1"), Identity(.email, "dana@example.com")])
        #expect(merged.id == known.id, "the known customer absorbs the anonymous one")
        #expect(try store.customers.customer(id: anonymous.id) == nil)
        #expect(merged.identities.contains(Identity(.session, "web-1")))
        #expect(
            merged.profile.plan == "plus" && merged.profile.region == "GB", "its own values kept, missing ones taken")
        #expect(try store.customers.events(for: known.id).map(\.type) == ["plan_changed", "profile_updated"])
        let conversation = try store.conversations.current(for: known.id)
        #expect(conversation.id == chat.id && conversation.turns.map(\.text) == ["my parcel never came"])
    }

    @Test("a long conversation is read back bounded: the latest turns, in order, with their numbers")
    func recentTurns() throws {
        let store = try Self.store()
        let customer = try store.customers.resolve([Identity(.email, "long@example.com")])
        let conversation = try store.conversations.current(for: customer.id)
        for i in 0..<30 {
            try store.conversations.append(
                [Turn(channel: "chat", author: i % 2 == 0 ? .customer : .bot, text: "turn \(i)")], to: conversation.id)
        }
        let all = try #require(try store.conversations.conversation(id: conversation.id))
        #expect(all.turns.map(\.index) == Array(0..<30))
        let recent = try #require(try store.conversations.conversation(id: conversation.id, recentTurns: 5))
        #expect(
            recent.turns.map(\.index) == Array(25..<30) && recent.turns.map(\.text) == all.turns.suffix(5).map(\.text))
        #expect(try store.conversations.current(for: customer.id, recentTurns: 4).turns.map(\.index) == Array(26..<30))
        let appended = try store.conversations.append(
            [Turn(channel: "sms", author: .customer, text: "turn 30")], to: conversation.id, recentTurns: 3)
        #expect(appended.turns.map(\.index) == [28, 29, 30] && appended.turns.last?.channel == "sms")
        #expect(try store.conversations.conversation(id: conversation.id, recentTurns: 0)?.turns.isEmpty == true)
    }

    @Test("an answer's citations and customer are its own columns; older answers are filled in once")
    func answerCitations() throws {
        let database = try Self.database("service")
        let store = try ServiceStore(database: database)
        let cited = [
            ArchivedCitation(number: 1, documentID: "returns-policy", version: "2", start: 301, end: 354),
            ArchivedCitation(number: 2, documentID: "returns-policy", version: "2", start: 355, end: 386),
        ]
        try store.answers.save(
            AnswerRecord(
                id: "ans_new", createdAt: Date(), channel: "chat", status: "answered", question: "q",
                body: #"{"citations": []}"#, citations: cited))
        #expect(try store.answers.answer(id: "ans_new")?.citations == cited, "the rows, not the body, are read")
        // As an earlier version archived answers: the citations only inside the response JSON.
        let legacy = #"""
            {"customerID": "cus_old",
             "citations": [{"number": 1, "documentID": "faq", "version": "1", "start": 5, "end": 9}]}
            """#
        for (id, body) in [("ans_old", legacy), ("ans_broken", "not json")] {
            _ = try database.run(
                "INSERT INTO answers(id, created_at, channel, status, question, body) VALUES (?, ?, ?, ?, ?, ?)",
                [id, "2026-01-01T00:00:00Z", "chat", "answered", "q", body])
        }
        let reopened = try ServiceStore(database: database)
        #expect(
            try reopened.answers.citations(ofAnswer: "ans_old")
                == [ArchivedCitation(number: 1, documentID: "faq", version: "1", start: 5, end: 9)])
        #expect(try reopened.answers.citations(ofAnswer: "ans_broken").isEmpty)
        #expect(try reopened.answers.answer(id: "ans_old")?.customerID == "cus_old", "whom it was sent to, as a column")
        #expect(try reopened.answers.answer(id: "ans_broken")?.customerID == nil)
        #expect(try reopened.answers.citations(ofAnswer: "ans_new") == cited, "filled in once, not twice")
        _ = try ServiceStore(database: database)
        #expect(try reopened.answers.citations(ofAnswer: "ans_old").count == 1)
    }

    @Test("identities of two different known customers are refused and nothing changes")
    func twoKnownCustomers() throws {
        let store = try Self.store()
        let a = try store.customers.resolve([Identity(.email, "a@example.com")])
        let b = try store.customers.resolve([Identity(.account, "B-2")])
        #expect(throws: CustomerError.self) {
            try store.customers.resolve([
                Identity(.email, "a@example.com"), Identity(.account, "B-2"), Identity(.phone, "+15550100"),
            ])
        }
        #expect(try store.customers.customer(id: a.id)?.identities == [Identity(.email, "a@example.com")])
        #expect(try store.customers.customer(id: b.id)?.identities == [Identity(.account, "B-2")])
        #expect(try store.customers.customer(for: Identity(.phone, "+15550100")) == nil)
    }

    @Test("events change the profile at once; an event a known type cannot use is refused and not recorded")
    func events() throws {
        let store = try Self.store()
        let id = try store.customers.resolve([Identity(.email, "e@example.com")]).id
        try store.customers.record(CustomerEvent(type: "plan_changed", data: ["plan": "plus"]), for: id)
        try store.customers.record(
            CustomerEvent(type: "order_placed", data: ["product": "lumen-thermo", "order": "A-1001"]), for: id)
        try store.customers.record(CustomerEvent(type: "consent_given", data: ["purpose": "personalization"]), for: id)
        try store.customers.record(CustomerEvent(type: "payment_failed", data: ["amount": "49.00"]), for: id)
        var c = try #require(try store.customers.customer(id: id))
        #expect(
            c.profile.plan == "plus" && c.profile.products == ["lumen-thermo"] && c.profile.allows(.personalization))
        #expect(c.attributes["order_placed.order"] == "A-1001" && c.attributes["payment_failed.amount"] == "49.00")
        #expect(c.attributes["lastEvent"] == "payment_failed")
        try store.customers.record(
            CustomerEvent(type: "consent_withdrawn", data: ["purpose": "personalization"]), for: id)
        c = try #require(try store.customers.customer(id: id))
        #expect(!c.profile.allows(.personalization))

        #expect(throws: CustomerError.self) { try store.customers.record(CustomerEvent(type: "plan_changed"), for: id) }
        #expect(throws: CustomerError.self) {
            try store.customers.record(CustomerEvent(type: "consent_given", data: ["purpose": "telepathy"]), for: id)
        }
        #expect(throws: CustomerError.self) {
            try store.customers.record(CustomerEvent(type: "order_placed"), for: "cus_missing")
        }
        #expect(try store.customers.events(for: id).count == 5, "refused events leave no record")
        #expect(try store.customers.customer(id: id)?.profile.plan == "plus")
    }

    @Test("a conversation continues across channels until it idles out or closes; turns are numbered in order")
    func conversations() throws {
        let store = try Self.store()
        let id = try store.customers.resolve([Identity(.email, "c@example.com")]).id
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try store.conversations.current(for: id, now: start)
        try store.conversations.append(
            [
                Turn(at: start, channel: "chat", author: .customer, text: "hello"),
                Turn(
                    at: start, channel: "chat", author: .bot, text: "hi", answerID: "ans_1",
                    citations: ["faq@1[0, 2)"]),
            ],
            to: first.id)
        let later = start.addingTimeInterval(3600)
        let same = try store.conversations.current(for: id, now: later)
        #expect(same.id == first.id)
        let after = try store.conversations.append(
            [Turn(at: later, channel: "sms", author: .customer, text: "still there?")], to: same.id)
        #expect(after.turns.map(\.index) == [0, 1, 2] && after.turns.map(\.channel) == ["chat", "chat", "sms"])
        #expect(after.turns[1].answerID == "ans_1" && after.turns[1].citations == ["faq@1[0, 2)"])

        let nextDay = later.addingTimeInterval(25 * 3600)
        #expect(
            try store.conversations.current(for: id, now: nextDay).id != first.id,
            "a day idle starts a new conversation")
        try store.conversations.setState(.closed, of: first.id)
        #expect(throws: CustomerError.self) {
            try store.conversations.append([Turn(channel: "chat", author: .customer, text: "x")], to: first.id)
        }
        #expect(throws: CustomerError.self) { try store.conversations.setState(.agent, of: "conv_missing") }
        #expect(throws: CustomerError.self) { try store.conversations.current(for: "cus_missing") }
    }
}
