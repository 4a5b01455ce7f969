import Engine
import Foundation
import GroundedTesting
import Testing

@Suite("Reading questions as customers type them")
struct QuestionReadingTests {
    let vocabulary = Vocabulary(texts: [
        "Return most items within 45 days. Returns are free. Lumen Plus members get 60 days.",
        "Lumen Thermo works on 2.4 GHz and 5 GHz Wi-Fi; WPA2 and WPA3 both work. Cancel at any time.",
        "The bulb is offline. Take the bulbs offline.",
    ])

    @Test(
        "a word one edit from a document word is read as that word; the more frequent wins a tie",
        arguments: [
            ("retrun", "return"), ("plsu", "plus"), ("ofline", "offline"), ("thremo", "thermo"), ("retunr", "return"),
        ])
    func corrects(typed: String, read: String) {
        #expect(vocabulary.correction(for: typed) == read)
    }

    @Test("document words, short words, numbers and words two edits away are left alone")
    func leavesAlone() {
        for word in ["return", "bulb", "wen", "12345", "xyzzyq"] {
            #expect(vocabulary.correction(for: word) == nil, "\(word)")
        }
        #expect(vocabulary.correction(for: "rtrn") == nil, "two deletions away")
    }

    @Test("digits split from units, run-together words split, split words joined, typos corrected; the rest as typed")
    func normalizes() {
        let n = QueryNormalizer(vocabulary: vocabulary)
        #expect(n.normalize("Does it work on 5GHz wifi?").text == "Does it work on 5 ghz wi fi?")
        #expect(n.normalize("does it need WPA 3").text == "does it need wpa3")
        #expect(n.normalize("can I cancel anytime").text == "can I cancel any time")
        let typo = n.normalize("How lnog can I retrun it?")
        #expect(typo.text == "How lnog can I return it?", "lnog is not one edit from a document word here")
        #expect(typo.rewrites == [QueryNormalizer.Rewrite(typed: "retrun", read: "return")])
        #expect(n.normalize("Returns within 45 days?").rewrites.isEmpty)
        let chat = n.normalize("wen can ur friend return it pls")
        #expect(chat.text == "when can your friend return it please")
        #expect(chat.rewrites.map(\.typed) == ["wen", "ur", "pls"])
    }

    @Test("a word the embedder knows is a real word and is not corrected into a document word")
    func realWords() {
        let n = QueryNormalizer(
            vocabulary: Vocabulary(texts: ["Price matching is done before you order."]),
            isKnownWord: { $0 == "drone" })
        #expect(n.normalize("do you deliver by drone").rewrites.isEmpty)
        #expect(
            QueryNormalizer(vocabulary: Vocabulary(texts: ["Price matching is done."])).normalize("drone").text
                == "done")
    }

    @Test(
        "a message splits into its questions; one question, or nouns joined by 'and', stays whole",
        arguments: [
            (
                "How much does Lumen Plus cost, and can I cancel anytime?",
                ["How much does Lumen Plus cost", "can I cancel anytime?"]
            ),
            (
                "How do I reset my camera? Also how do I reset the hub?",
                ["How do I reset my camera?", "how do I reset the hub?"]
            ),
            (
                "Do gift cards expire and can I use one for Lumen Plus?",
                ["Do gift cards expire", "can I use one for Lumen Plus?"]
            ),
            ("What's your number? And when are you open?", ["What's your number?", "when are you open?"]),
            ("If I change my mind, how many days do I get?", ["If I change my mind, how many days do I get?"]),
            ("Do you ship to Canada and Mexico?", ["Do you ship to Canada and Mexico?"]),
            (
                "I checked that, it has power. What else can I try?",
                ["I checked that, it has power. What else can I try?"]
            ),
            (
                "My order is late. Where is it? And can I cancel it?",
                ["My order is late. Where is it?", "can I cancel it?"]
            ),
        ])
    func parts(message: String, expected: [String]) {
        #expect(QuestionParts.split(message) == expected)
    }

    @Test(
        """
        each part of a two-part question is answered with its own citations; a part the documents do not answer is \
        named
        """
    )
    func multiPart() throws {
        let engine = MiniLMFixture.engine
        let filter = RetrievalFilter(asOf: "2026-06-01")
        let both = try engine.ask("How long do I have to return an item and when do I get my refund?", filter: filter)
        #expect(both.status == .answered && both.unansweredParts.isEmpty)
        #expect(Set(both.sentences.map(\.citation.documentID)).isSuperset(of: ["returns-policy", "refund-policy"]))
        #expect(both.message.contains("45 days") && both.message.contains("5 business days"))
        let partial = try engine.ask("How much is express shipping, and do you deliver by drone?", filter: filter)
        #expect(partial.status == .answered && partial.message.contains("$14.99"))
        #expect(partial.unansweredParts == ["do you deliver by drone?"])
        #expect(partial.message.contains("I couldn't find an answer to \"do you deliver by drone\""))
    }

    @Test("misspelt and run-together questions are answered from the right document, and say how they were read")
    func typos() throws {
        let engine = CorpusFixture.engine
        let filter = RetrievalFilter(asOf: "2026-06-01")
        let bulb = try engine.ask("how do i reset my lumen glow bulbb", filter: filter)
        #expect(bulb.status == .answered && bulb.sentences.first?.citation.documentID == "ts-bulb-reset")
        #expect(bulb.rewrites.map(\.typed) == ["bulbb"])
        let wifi = try engine.ask("can the lumen hub use 5ghz wi fi", filter: filter)
        #expect(wifi.status == .answered && wifi.message.contains("5 GHz"))
    }

    @Test("a question that fits several products and names none is asked back with their names; naming one answers it")
    func clarify() throws {
        let engine = MiniLMFixture.engine
        let vague = try engine.ask("How do I reset it?")
        #expect(vague.status == .clarify && vague.sentences.isEmpty && vague.options.count >= 2, "\(vague.message)")
        #expect(
            vague.message.hasPrefix("Which do you mean: ") && vague.options.allSatisfy { vague.message.contains($0) })
        let clear = try engine.ask("How do I reset my Lumen Eye camera?")
        #expect(clear.status == .answered && clear.sentences.first?.citation.documentID == "ts-camera-offline")
        let followUp = try engine.ask(conversation: [
            ConversationTurn(role: .user, text: "My Lumen Glow bulb won't connect"),
            ConversationTurn(role: .agent, text: "Let's try a reset."),
            ConversationTurn(role: .user, text: "How do I reset it?"),
        ])
        #expect(
            followUp.status == .answered && followUp.sentences.first?.citation.documentID == "ts-bulb-reset",
            "\(followUp.message)")
    }

    @Test("an FAQ's question sentence never leads an answer")
    func noQuestionLead() throws {
        let answer = try CorpusFixture.engine.ask("How can I contact support?")
        #expect(answer.sentences.allSatisfy { !$0.text.hasSuffix("?") })
    }
}

@Suite("What a message asks, without its opening")
struct MessageOpeningTests {
    @Test("the questions alone drop what asks nothing; nil when there is nothing to drop")
    func questionsOnly() {
        #expect(
            QuestionParts.questionsOnly("This is the third time I'm asking. How long do I have to return an item?")
                == "How long do I have to return an item?")
        #expect(QuestionParts.questionsOnly("How long do I have to return an item?") == nil)
        #expect(QuestionParts.questionsOnly("My bulb buzzes when dimmed.") == nil)
    }

    @Test("the later sentences, the opening dropped one sentence at a time")
    func laterSentences() {
        #expect(
            QuestionParts.laterSentences("I've had enough. Seriously. My bulb buzzes when dimmed.")
                == ["Seriously. My bulb buzzes when dimmed.", "My bulb buzzes when dimmed."])
        #expect(QuestionParts.laterSentences("My bulb buzzes when dimmed.").isEmpty)
    }
}
