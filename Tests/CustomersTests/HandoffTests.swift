import Customers
import Foundation
import GroundedCore
import GroundedTesting
import Records
import Retrieval
import Routing
import Testing

@Suite("Handoffs")
struct HandoffTests {
    /// A conversation: a lost order, an answer, a question the bot declined, an angry follow-up.
    static func conversation(_ store: ServiceStore) throws -> (Customer, Conversation) {
        var customer = try store.customers.resolve([Identity(.email, "dana@example.com")])
        customer = try store.customers.record(
            CustomerEvent(type: "profile_updated", data: ["name": "Dana", "region": "US"]), for: customer.id)
        customer = try store.customers.record(
            CustomerEvent(type: "plan_changed", data: ["plan": "plus"]), for: customer.id)
        let c = try store.conversations.current(for: customer.id)
        let conversation = try store.conversations.append(
            [
                Turn(
                    channel: "chat", author: .customer,
                    text: "My order A-10042 never arrived and I was charged $49.00 on 2026-11-20."),
                Turn(
                    channel: "chat", author: .bot, text: "If a parcel is lost we send a replacement. [1]",
                    answerID: "ans_1",
                    citations: ["lost-parcels@1[0, 48)"]),
                Turn(channel: "sms", author: .customer, text: "Can you refund it to a different card?"),
                Turn(
                    channel: "sms", author: .bot, text: "I couldn't find this in our knowledge base.", answerID: "ans_2"
                ),
                Turn(channel: "sms", author: .customer, text: "This is ridiculous, I am still waiting!!"),
            ], to: c.id)
        return (customer, conversation)
    }

    @Test(
        """
        the summary says who, what they want, what was tried, how they feel, what they mentioned and what is open — \
        each sentence citing its turns
        """
    )
    func summary() throws {
        let store = try CustomerStoreTests.store()
        let (customer, conversation) = try Self.conversation(store)
        let s = HandoffSummarizer().summarize(conversation, customer: customer, reason: .declined)
        let byTopic = Dictionary(grouping: s.sentences, by: \.topic)
        #expect(Set(byTopic.keys) == ["who", "intent", "tried", "sentiment", "signals", "entities", "open", "reason"])
        for sentence in s.sentences {
            #expect(!sentence.turns.isEmpty, "\(sentence.topic) cites no turn")
            #expect(sentence.turns.allSatisfy { conversation.turns.indices.contains($0) })
        }
        let who = try #require(byTopic["who"]?.first)
        #expect(
            who.text.hasPrefix("Dana (plan plus; region US)") && who.text.contains("chat then sms")
                && who.sources == ["profile"])
        #expect(byTopic["intent"]?.first?.turns == [0])
        let tried = try #require(byTopic["tried"]?.first)
        #expect(
            tried.turns == [0, 1] && tried.sources == ["lost-parcels@1[0, 48)"] && tried.text.contains("lost-parcels@1")
        )
        let entities = try #require(byTopic["entities"]?.first)
        #expect(Set(s.entities.map(\.text)) == ["A-10042", "$49.00", "2026-11-20"])
        for e in s.entities { #expect(entities.turns.contains { conversation.turns[$0].text.contains(e.text) }) }
        #expect(s.open == ["Can you refund it to a different card?"] && byTopic["open"]?.first?.turns == [2])
        #expect(s.sentiment < -0.3)
        let feeling = try #require(byTopic["sentiment"]?.first)
        #expect(
            feeling.text.hasPrefix("Sentiment: negative") && feeling.turns.contains(4)
                && feeling.text.contains("ridiculous"))
        #expect(byTopic["reason"]?.first?.turns == [4])
        #expect(s.signals.map(\.kind) == [.anger, .repeatedContact])
        #expect(s.signals.first?.evidence == ["ridiculous", "!!"])
        let signals = try #require(byTopic["signals"]?.first)
        #expect(signals.turns == [4])
        #expect(signals.text == "Signals: anger (“ridiculous”, “!!”); repeated contact (“still waiting”).")
    }

    @Test("personal data in the customer's words never reaches the summary; the transcript keeps it for the agent")
    func summaryRedacted() throws {
        let store = try CustomerStoreTests.store()
        let customer = try store.customers.resolve([Identity(.email, "ola@example.com")])
        let pii = [
            "ola.nordmann@example.no", "+44 7700 900123", "4111 1111 1111 1111", "GB82 WEST 1234 5698 7654 32",
            "123-45-6789",
        ]
        let conversation = try store.conversations.append(
            [
                Turn(
                    channel: "chat", author: .customer,
                    text: "Refund order A-20077 to card 4111 1111 1111 1111, or IBAN GB82 WEST 1234 5698 7654 32?"),
                Turn(
                    channel: "chat", author: .customer,
                    text:
                        "Email ola.nordmann@example.no or call +44 7700 900123. My SSN is 123-45-6789. Why is this so "
                        + "slow?"
                ),
            ], to: try store.conversations.current(for: customer.id).id)
        let handoff = try store.handoffs.handOff(conversation.id, reason: .customerAsked)
        let text = handoff.summary.map(\.text).joined(separator: "\n")
        for value in pii { #expect(!text.contains(value), "\(value) leaked into: \(text)") }
        #expect(text.contains("A-20077"), "order numbers stay: the agent looks them up")
        #expect(text.contains("[card]") || text.contains("[email]"), "\(text)")
        let transcript = try #require(try store.conversations.conversation(id: conversation.id)).turns.map(\.text)
            .joined()
        #expect(pii.allSatisfy { transcript.contains($0) }, "the conversation itself is the customer's own record")
    }

    @Test("earlier contacts raise repeated contact in the summary, and the stored handoff keeps its signals")
    func earlierContacts() throws {
        let store = try CustomerStoreTests.store()
        let (customer, conversation) = try Self.conversation(store)
        let s = HandoffSummarizer().summarize(conversation, customer: customer, reason: .declined, previousContacts: 3)
        #expect(s.signals.first { $0.kind == .repeatedContact }?.evidence == ["3 earlier contacts", "still waiting"])
        let handoff = try store.handoffs.handOff(conversation.id, reason: .declined)
        #expect(handoff.signals.map(\.kind) == [.anger, .repeatedContact])
        #expect(try store.handoffs.handoff(id: handoff.id)?.signals == handoff.signals)
        // A handoff recorded before signals existed still reads, with none.
        var body = try JSONSerialization.jsonObject(with: JSONEncoder().encode(handoff)) as! [String: Any]
        body["signals"] = nil
        let old = try JSONDecoder().decode(Handoff.self, from: JSONSerialization.data(withJSONObject: body))
        #expect(old.signals.isEmpty && old.id == handoff.id)
    }

    @Test("handing off queues the summary once and moves the conversation to a person")
    func handOff() throws {
        let store = try CustomerStoreTests.store()
        let (_, conversation) = try Self.conversation(store)
        let first = try store.handoffs.handOff(
            conversation.id, reason: .customerAsked, now: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(first.state == .queued && first.reason == .customerAsked && !first.summary.isEmpty)
        #expect(try store.conversations.conversation(id: conversation.id)?.state == .handedOff)
        #expect(
            try store.handoffs.handOff(conversation.id, reason: .declined).id == first.id,
            "one open handoff per conversation")
        #expect(try store.handoffs.handoff(id: first.id) == first)
        #expect(try store.handoffs.list().map(\.id) == [first.id])
        #expect(throws: CustomerError.self) { try store.handoffs.handOff("conv_missing", reason: .declined) }
    }

    @Test(
        "asking for a person is recognised; questions that merely mention agents are not",
        arguments: [
            ("Can I talk to a human?", true), ("agent", true), ("I want a real person", true),
            ("connect me with a representative please", true), ("Let me speak to your manager!", true),
            ("What does the agent escalation policy say?", false), ("Is there a person-to-person transfer?", false),
            ("How do I return an item?", false), ("What is my order status? order please", false),
            ("agent please", true), ("a person please", true), ("yes, a person please", true), ("ok, a human", true),
            ("yes please", false), ("ok, how do I return it?", false),
            ("Yes, is a person from your team coming to install it?", false),
        ])
    func personRequest(message: String, expected: Bool) {
        #expect(PersonRequest.matches(message) == expected)
    }

    @Test("entities: order numbers, amounts, dates, emails and phone numbers")
    func entities() {
        let found = EntityExtractor().entities(
            in:
                "Order #123456 and case AB-991 cost €12.50 and 30 dollars on Nov 3, mail a@b.co or call +1 800 555 "
                + "0142, due 12/24"
        )
        let kinds = Dictionary(grouping: found, by: \.kind).mapValues { $0.map(\.text) }
        #expect(kinds["order"] == ["123456", "AB-991"])
        #expect(kinds["amount"] == ["€12.50", "30 dollars"])
        #expect(kinds["date"] == ["Nov 3", "12/24"])
        #expect(kinds["email"] == ["a@b.co"])
        #expect(kinds["phone"] == ["+1 800 555 0142"])
        #expect(
            EntityExtractor().entities(in: "what is my order status? order please").isEmpty,
            "a keyword alone is no order number")
    }
}

@Suite("Handoff summaries, edge cases")
struct HandoffEdgeTests {
    @Test("a calm conversation's sentiment still cites the turns it was judged on")
    func neutralSentimentCites() throws {
        let store = try CustomerStoreTests.store()
        let customer = try store.customers.resolve([Identity(.email, "calm@example.com")])
        let c = try store.conversations.current(for: customer.id)
        let conversation = try store.conversations.append(
            [Turn(channel: "chat", author: .customer, text: "Can I talk to a person?")], to: c.id)
        let s = HandoffSummarizer().summarize(conversation, customer: customer, reason: .customerAsked)
        #expect(s.sentences.allSatisfy { !$0.turns.isEmpty }, "\(s.sentences.filter { $0.turns.isEmpty }.map(\.topic))")
        #expect(s.sentences.first { $0.topic == "sentiment" }?.text.hasPrefix("Sentiment: neutral") == true)
        #expect(s.open.isEmpty, "asking for a person is not an open question")
    }
}

@Suite("Handoff policy")
struct HandoffPolicyTests {
    @Test(
        "listed phrases and strong anger send a message to a person; ordinary questions and look-alike words do not",
        arguments: [
            ("I will talk to my lawyer about this", "\"lawyer\""),
            ("My heater caught fire last night", "\"fire\""),
            ("This is ridiculous, useless and terrible!!", "sentiment"),
            ("How do I return an item?", nil),
            ("Thanks for the courtesy call", nil),  // "court" only as a whole word
            ("The fireplace insert is on back order", nil),
        ] as [(String, String?)])
    func rules(message: String, expected: String?) {
        let rule = HandoffPolicy().rule(for: message)
        if let expected {
            #expect(rule?.contains(expected) == true && rule?.hasPrefix("policy default-1") == true, "\(rule ?? "nil")")
        } else {
            #expect(rule == nil, "\(rule ?? "")")
        }
    }

    @Test("an invalid policy is refused")
    func invalid() {
        #expect(throws: CustomerError.self) { try HandoffPolicy(sentimentAtOrBelow: -2).validate() }
        #expect(throws: CustomerError.self) { try HandoffPolicy(phrases: [" "]).validate() }
        #expect(throws: CustomerError.self) { try HandoffPolicy(version: "").validate() }
    }
}
