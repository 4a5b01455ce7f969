import Engine
import Foundation
import GroundedTesting
import QualityScoring
import Testing

@Suite("QA scoring")
struct QualityScorerTests {
    let engine = CorpusFixture.engine
    var scorer: QualityScorer { try! QualityScorer(knowledge: engine.knowledge) }

    /// A citation of `phrase` where it occurs in document `id`, quote included.
    func cite(_ phrase: String, in id: String, number: Int? = nil) throws -> Citation {
        let text = try #require(engine.knowledge.document(id: id)).text.string
        let range = try #require(text.range(of: phrase), "“\(phrase)” is not in \(id)")
        let start = text.unicodeScalars.distance(from: text.startIndex, to: range.lowerBound)
        return Citation(
            number: number, documentID: id, version: "", start: start, end: start + phrase.unicodeScalars.count,
            quote: phrase)
    }

    static let rule = "You can return most items within 45 days of delivery."

    @Test("an answer given as its sentences scores as its text does; a sentence naming no citation is uncited")
    func structuredAnswer() throws {
        let answer = try engine.ask("How long do I have to return an item?")
        let citations = answer.sentences.enumerated().map {
            Citation(
                number: $0 + 1, documentID: $1.citation.documentID, version: $1.citation.version,
                start: $1.citation.start, end: $1.citation.end, quote: $1.citation.quote)
        }
        let fromText = try scorer.score(AnswerToScore(text: answer.message, citations: citations))
        let sentences = answer.sentences.enumerated().map { ClaimedSentence(text: $1.readableText, markers: [$0 + 1]) }
        let structured = try scorer.score(sentences: sentences, citations: citations)
        #expect(structured.score == fromText.score && structured.flaggedForReview == fromText.flaggedForReview)
        #expect(structured.sentences.map(\.verdict) == fromText.sentences.map(\.verdict))
        let made = ClaimedSentence(text: "We also pay you a $20 bonus for every return you make.", markers: [])
        let padded = try scorer.score(sentences: sentences + [made], citations: citations)
        #expect(padded.sentences.last?.verdict != .supported && (padded.score ?? 1) < (structured.score ?? 0))
    }

    @Test("the engine's own answer scores as supported, its citations real and all used")
    func enginesAnswer() throws {
        let answer = try engine.ask("How long do I have to return an item?")
        let input = AnswerToScore(
            text: answer.message,
            citations: answer.sentences.map {
                Citation(
                    documentID: $0.citation.documentID, version: $0.citation.version, start: $0.citation.start,
                    end: $0.citation.end,
                    quote: $0.citation.quote)
            })
        let report = try scorer.score(input)
        #expect(report.scoreable && !report.flaggedForReview, "\(report.notes)")
        #expect((report.score ?? 0) >= 0.9)
        #expect(report.sentences.allSatisfy { $0.verdict == .supported })
        #expect(report.citations.allSatisfy(\.real) && report.unusedCitations.isEmpty)
    }

    @Test("a changed number or a flipped negation is caught as a contradiction, with the reason")
    func mismatches() throws {
        let citation = try cite(Self.rule, in: "returns-policy")
        let good = try scorer.score(AnswerToScore(text: Self.rule + " [1]", citations: [citation]))
        #expect(good.sentences.map(\.verdict) == [.supported] && good.score == 1)

        let number = try scorer.score(
            AnswerToScore(text: "You can return most items within 30 days of delivery. [1]", citations: [citation]))
        #expect(number.sentences.map(\.verdict) == [.contradicted] && number.flaggedForReview)
        #expect(number.sentences[0].problems.contains { $0.contains("number 30") })
        #expect((number.score ?? 1) <= 0.15)

        let negated = try scorer.score(
            AnswerToScore(text: "You cannot return most items within 45 days of delivery. [1]", citations: [citation]))
        #expect(negated.sentences.map(\.verdict) == [.contradicted])
        #expect(negated.sentences[0].problems.contains { $0.contains("negation") })
    }

    @Test("a claim cited to a span that does not say it is unsupported and flagged")
    func wrongSpan() throws {
        let elsewhere = try cite("Lumen Plus members get 60 days.", in: "returns-policy")
        let warranty = try #require(engine.knowledge.document(id: "warranty-policy"))
        let unrelated = Citation(
            documentID: "warranty-policy", version: "", start: 0, end: min(200, warranty.text.count))
        for citation in [unrelated] {
            let report = try scorer.score(
                AnswerToScore(
                    text: "Refunds are paid to the original card within five business days. [1]", citations: [citation])
            )
            #expect(report.sentences.map(\.verdict) == [.unsupported], "\(report.sentences)")
            #expect(report.flaggedForReview)
        }
        let partly = try scorer.score(AnswerToScore(text: Self.rule + " [1]", citations: [elsewhere]))
        #expect(partly.sentences[0].verdict != .supported)
    }

    @Test(
        """
        citations that are not real (wrong quote, unknown document, outside the text) are named; unused ones are \
        listed
        """
    )
    func citationChecks() throws {
        var wrongQuote = try cite(Self.rule, in: "returns-policy")
        wrongQuote.quote = "You can return anything, any time."
        let unknown = Citation(documentID: "no-such-document", version: "", start: 0, end: 10)
        let outside = Citation(documentID: "returns-policy", version: "", start: 1_000_000, end: 1_000_010)
        let extra = try cite("Lumen Plus members get 60 days.", in: "returns-policy")
        let report = try scorer.score(
            AnswerToScore(
                text: Self.rule + " [1] " + Self.rule + " [2, 3]",
                citations: [wrongQuote, unknown, outside, extra]))
        #expect(report.citations.map(\.real) == [false, false, false, true])
        #expect(report.citations[0].problem?.contains("not the quote") == true)
        #expect(report.citations[1].problem?.contains("not in the knowledge base") == true)
        #expect(report.citations[2].problem?.contains("outside") == true)
        #expect(report.unusedCitations == [4])
        #expect(report.flaggedForReview)
        #expect(report.sentences.allSatisfy { $0.verdict == .unsupported })
        #expect(report.sentences[0].problems == ["citation [1] is not real"])
    }

    @Test(
        "declines, questions and courtesies are not scoreable, and say so; nothing is ever NaN",
        arguments: [
            "I couldn't find this in our knowledge base. I'll pass your question to a member of our team.",
            "Is there anything else I can help with?", "", "   ", "Thanks!", "🙂 [1]",
        ])
    func notScoreable(text: String) throws {
        let report = try scorer.score(AnswerToScore(text: text, citations: []))
        #expect(!report.scoreable && report.score == nil && !report.flaggedForReview)
        #expect(report.sentences.allSatisfy { $0.verdict == .notAClaim })
        #expect(report.notes.contains { $0.contains("not scoreable") })
    }

    @Test("an answer with claims but no citations scores zero; scoring is deterministic")
    func uncited() throws {
        let input = AnswerToScore(text: "All returns are free. Refunds take two days.", citations: [])
        let report = try scorer.score(input)
        #expect(report.score == 0 && report.flaggedForReview)
        #expect(report.sentences.map(\.explanation) == ["it cites nothing", "it cites nothing"])
        #expect(try scorer.score(input) == report)
        #expect(throws: QualityScoringError.self) {
            try QualityScorer(knowledge: engine.knowledge, configuration: .init(reviewBelow: 2))
        }
    }
}

@Suite("QA scoring: made-up sentences and off-target answers")
struct QualityScorerRelevanceTests {
    let base = QualityScorerTests()

    @Test("one made-up, uncited sentence flags the answer, however well the rest is supported")
    func madeUp() throws {
        let rule = try base.cite(QualityScorerTests.rule, in: "returns-policy", number: 1)
        let text = QualityScorerTests.rule + " [1] We also pay you a $20 bonus for every return you make."
        let report = try base.scorer.score(AnswerToScore(text: text, citations: [rule]))
        #expect(report.sentences.last?.verdict == .unsupported)
        #expect(report.flaggedForReview && report.notes.contains { $0.contains("supported by no citation") })
        let sound = try base.scorer.score(AnswerToScore(text: QualityScorerTests.rule + " [1]", citations: [rule]))
        #expect(!sound.flaggedForReview)
    }

    @Test("with the question, an answer that is supported but addresses something else is flagged")
    func offTarget() throws {
        let engine = base.engine
        let asked = "How long do I have to return an item?"
        let onTarget = try engine.ask(asked)
        let elsewhere = try engine.ask("How long is the warranty on your devices?")
        #expect(onTarget.status == .answered && elsewhere.status == .answered)
        func score(_ a: GroundedAnswer) throws -> QualityReport {
            try base.scorer.score(AnswerToScore(text: a.message, citations: a.numberedCitations, question: asked))
        }
        let right = try score(onTarget)
        let wrong = try score(elsewhere)
        #expect(!right.flaggedForReview && (right.relevance ?? 0) >= 0.3, "\(right.notes)")
        #expect(wrong.flaggedForReview && wrong.notes.contains { $0.contains("may not address the question") })
        #expect((wrong.relevance ?? 1) < (right.relevance ?? 0))
        #expect((wrong.score ?? 0) > 0.6, "supported by its own citations: support alone would pass it")
        let noQuestion = try base.scorer.score(
            AnswerToScore(text: elsewhere.message, citations: elsewhere.numberedCitations))
        #expect(noQuestion.relevance == nil)
    }
}
