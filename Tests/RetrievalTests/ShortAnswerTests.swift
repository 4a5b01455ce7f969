import Engine
import Foundation
import GroundedTesting
import Testing

@Suite("A short fact answered with its span")
struct ShortAnswerTests {
    @Test(
        "the fact of the kind asked for, found in a sentence",
        arguments: [
            (
                "How long do I have to return an item?", "You can return most items within 45 days of delivery.",
                "45 days"
            ),
            (
                "How long does standard shipping take?", "Standard shipping takes 3 to 5 business days.",
                "3 to 5 business days"
            ),
            ("How long is the warranty?", "Refurbished devices have a 1-year warranty.", "1-year"),
            ("When can I call the priority line?", "Call every day from 7 am to 11 pm Eastern Time.", "7 am to 11 pm"),
            ("How much is express shipping?", "Express costs $14.99 per order.", "$14.99"),
            ("How much do gift cards cost?", "Gift cards come in amounts from $25 to $500.", "$25 to $500"),
            ("How much is shipping to Canada?", "Shipping to Canada is free.", "free"),
            ("How many codes can I create?", "Create up to 100 codes, each with its own schedule.", "100 codes"),
            ("How many bulbs can a hub control?", "One hub controls up to 1,000 bulbs in 4 rooms.", "1,000 bulbs"),
            ("How long does a bulb last?", "A bulb lasts 25,000 hours.", "25,000 hours"),
        ])
    func span(question: String, sentence: String, fact: String) throws {
        let r = try #require(QuestionAnalysis(question).expectedAnswerSpan(in: sentence))
        #expect(String(String.UnicodeScalarView(Array(sentence.unicodeScalars)[r])) == fact)
    }

    @Test("no span where the question asks for no kind of fact, or the sentence holds none")
    func none() {
        #expect(
            QuestionAnalysis("What does the orange light mean?").expectedAnswerSpan(in: "It is offline for 5 minutes.")
                == nil)
        #expect(QuestionAnalysis("How long is the return window?").expectedAnswerSpan(in: "Returns are free.") == nil)
        #expect(QuestionAnalysis("How much is express?").expectedAnswerSpan(in: "Express takes 2 days.") == nil)
    }

    @Test("an answer carries the fact as an exact, verified span of its own sentence; yes/no questions carry none")
    func answer() throws {
        let filter = RetrievalFilter(asOf: "2026-06-01")
        let engine = CorpusFixture.engine
        let a = try engine.ask("How long does standard shipping take?", filter: filter)
        let short = try #require(a.shortAnswer, "\(a.message)")
        #expect(short.quote == "3 to 5 business days")
        let holder = try #require(
            a.sentences.first {
                $0.citation.documentID == short.documentID
                    && $0.citation.start <= short.start && short.end <= $0.citation.end
            })
        #expect(holder.text.contains(short.quote))
        let document = try #require(
            engine.knowledge.documents.values.first {
                $0.metadata.id == short.documentID && $0.metadata.version == short.version
            })
        #expect(document.text.slice(short.span) == short.quote)
        #expect(try engine.ask("Can I return an item after 45 days?", filter: filter).shortAnswer == nil)
        #expect(try engine.ask("How do I reset my password?", filter: filter).shortAnswer == nil)
    }
}
