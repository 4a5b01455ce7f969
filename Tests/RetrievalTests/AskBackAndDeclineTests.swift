import Engine
import Foundation
import GroundedTesting
import Testing

@Suite("Answering in other words, declining what the sources do not say, asking back what is unclear")
struct AskBackAndDeclineTests {
    @Test(
        "the kind of fact a question asks for",
        arguments: [
            ("How long does it take to charge the Lumen Eye?", QuestionAnalysis.ExpectedAnswer.time, false),
            ("When is my card charged?", .time, false),
            ("How much power does Lumen Thermo use?", .count, false),
            ("How much does a Lumen Hub cost?", .money, true),
            ("What is the price of a unicorn ride on mars?", .money, true),
            ("Will you warn me before the price goes up?", .money, false),
            ("Do you offer same day delivery?", .unspecified, false),
        ])
    func expectedAnswer(question: String, expected: QuestionAnalysis.ExpectedAnswer, amount: Bool) {
        let analysis = QuestionAnalysis(question)
        #expect(analysis.expected == expected)
        #expect(analysis.asksForAmount == amount)
    }

    @Test("a time phrase keeps a money word as a term; an amount in pounds or an event answers its question")
    func answerTypes() {
        let charge = QuestionAnalysis("How long does it take to charge the Lumen Eye?")
        #expect(Set(charge.terms).isSuperset(of: TextAnalyzer().terms("charge")))
        #expect(QuestionAnalysis("How much is express delivery?").sentenceHasExpectedAnswer("Express costs £9.99."))
        #expect(!QuestionAnalysis("How much is express delivery?").sentenceHasExpectedAnswer("Express is fast."))
        let when = QuestionAnalysis("When is my card charged?")
        #expect(when.sentenceHasExpectedAnswer("It is charged when the order ships."))
    }

    @Test("a question that asks for an amount is declined when the matching sources name none")
    func amountOrDecline() throws {
        let engine = MiniLMFixture.engine
        let filter = RetrievalFilter(asOf: "2026-06-01")
        let hub = try engine.ask("How much does a Lumen Hub cost?", filter: filter)
        #expect(hub.status == .declined && hub.declineReason?.contains("no amount") == true, "\(hub.message)")
        let plus = try engine.ask("How much does Lumen Plus cost?", filter: filter)
        #expect(plus.status == .answered && plus.message.contains("$"), "\(plus.message)")
        let power = try engine.ask("How much power does Lumen Thermo use?", filter: filter)
        #expect(power.status == .answered && power.message.contains("W"), "\(power.message)")
    }

    @Test("a sentence that opens its section answers its heading; each sentence of a merged chunk reads under its own")
    func sectionHeadings() throws {
        let filter = RetrievalFilter(asOf: "2026-06-01")
        let tools = "What tools do I need to install the thermostat?"
        let answer = try MiniLMFixture.engine.ask(tools, filter: filter)
        #expect(answer.status == .answered && answer.message.contains("screwdriver"), "\(answer.message)")
        var off = AnswerConfiguration()
        off.openingHeadingWeight = off.contextWeight
        let plain = try GroundedEngine(knowledge: MiniLMFixture.engine.knowledge, answers: off, models: .none)
        #expect(try !plain.ask(tools, filter: filter).message.contains("screwdriver"))
        // "Cleaning" and "Software updates" are one chunk; the cleaning tip is read under Cleaning.
        let clean = try CorpusFixture.engine.ask("How do I clean the thermostat display?", filter: filter)
        #expect(clean.sentences.first?.text.contains("dry, soft cloth") == true, "\(clean.message)")
    }

    @Test("a question in other words is answered by the sentence that means the same; off, it is declined")
    func paraphrase() throws {
        let question = "How many days until my refund lands?"
        let filter = RetrievalFilter(asOf: "2026-06-01")
        let answer = try MiniLMFixture.engine.ask(question, filter: filter)
        #expect(answer.status == .answered, "\(answer.message)")
        #expect(answer.sentences.first?.citation.documentID == "refund-policy")
        var off = AnswerConfiguration()
        off.paraphraseSimilarity = 1.1
        let literal = try GroundedEngine(knowledge: MiniLMFixture.engine.knowledge, answers: off, models: .none)
        #expect(try literal.ask(question, filter: filter).status == .declined)
        #expect(try MiniLMFixture.engine.ask("What is the capital of France?", filter: filter).status == .declined)
    }

    @Test("a follow-up in other words is read after the earlier turns: the label question finds the prepaid label")
    func followUpParaphrase() throws {
        let filter = RetrievalFilter(asOf: "2026-06-01")
        let question = "do I have to pay for the label?"
        let conversation = [
            ConversationTurn(role: .user, text: "How do I return an item?"),
            ConversationTurn(role: .agent, text: "Start a return on the order page."),
            ConversationTurn(role: .user, text: question),
        ]
        let inContext = try MiniLMFixture.engine.ask(conversation: conversation, filter: filter)
        #expect(inContext.status == .answered && inContext.message.contains("prepaid"), "\(inContext.message)")
        #expect(inContext.sentences.first?.citation.documentID == "returns-policy")
        let alone = try MiniLMFixture.engine.ask(question, filter: filter)
        #expect(!alone.message.contains("prepaid"), "alone, the question is about paying: \(alone.message)")
    }

    @Test("a follow-up that points back is read with what the conversation named; asked first, it is declined")
    func followUpPointingBack() throws {
        let filter = RetrievalFilter(asOf: "2026-06-01")
        let question = "I checked that, it has power. What else can I try?"
        let conversation = [
            ConversationTurn(role: .user, text: "My Lumen Thermo keeps going offline"),
            ConversationTurn(
                role: .agent,
                text: "A thermostat that keeps losing Wi-Fi or restarting is almost always short of "
                    + "power. Check that a C wire is connected, or install the power adapter included in the box."),
            ConversationTurn(role: .user, text: question),
        ]
        let answer = try MiniLMFixture.engine.ask(conversation: conversation, filter: filter)
        #expect(answer.status == .answered, "\(answer.message)")
        #expect(answer.sentences.first?.citation.documentID == "ts-thermo-offline", "\(answer.message)")
        #expect(try MiniLMFixture.engine.ask(question, filter: filter).status != .answered)
    }

    @Test(
        "a determiner before a word the conversation has not used, or a pronoun asked first, points at something",
        arguments: [
            ("What all facilities does this library provide?", "", "this library"),
            ("What facilities does this library provide?", "Tell me about the Monterey Park library.", nil),
            ("How do I reset it?", "", "it"),
            ("How do I reset it?", "My bulb is offline.", nil),
            ("Is that all?", "", nil),
            ("Is the same true for refunds?", "Returns are free.", nil),
        ] as [(String, String, String?)])
    func cue(question: String, earlier: String, phrase: String?) {
        #expect(ReferenceCue(question, earlier: earlier).phrase == phrase)
    }

    @Test("over articles, 'the player' fitting several is asked back with their titles; a name answers it")
    func subjects() throws {
        let corpus = try TestPaths.temporaryDirectory("subjects-corpus")
        let index = try TestPaths.temporaryDirectory("subjects-index")
        let players = [
            ("Ada Stone", "Riverside", "March 3, 1980"), ("Bea Marsh", "Hillview", "June 9, 1985"),
            ("Cora Flint", "Lakeport", "May 21, 1990"),
        ]
        let lines = players.enumerated().map { i, p in
            let text =
                "\(p.0) is a famous basketball player. She was born on \(p.2) in \(p.1). "
                + "She played guard for twelve seasons."
            return #"{"doc_id": "player-\#(i)", "title": "\#(p.0)", "text": "\#(text)"}"#
        }
        try (lines.joined(separator: "\n") + "\n")
            .write(to: corpus.appendingPathComponent("players.jsonl"), atomically: true, encoding: .utf8)
        _ = try GroundedEngine.ingest(
            corpus: corpus, index: index,
            options: IngestOptions(embedder: .miniLM(directory: MiniLMFixture.model)))
        let engine = try GroundedEngine(index: index, models: .none)
        let vague = try engine.ask("When was the famous basketball player born?")
        #expect(vague.status == .clarify && vague.options.count >= 2, "\(vague.message)")
        #expect(vague.options.allSatisfy { o in players.contains { $0.0 == o } })
        let named = try engine.ask("When was Bea Marsh born?")
        #expect(named.status == .answered && named.message.contains("June 9, 1985"), "\(named.message)")
    }
}
