import Engine
import Foundation
import GroundedTesting
import Storage
import Testing

@Suite("Grounded answers on the sample corpus")
struct AnswerTests {
    let engine = CorpusFixture.engine

    /// Reads a document's text straight from the SQLite store, independently of the engine's copy.
    func storedText(_ id: String, _ version: String) throws -> SourceText {
        let db = try Database(path: CorpusFixture.index.appendingPathComponent("knowledge.sqlite").path)
        let row = try #require(
            try db.query("SELECT text FROM documents WHERE doc_id = ? AND version = ?", [id, version]).first)
        return SourceText(try #require(row["text"].string))
    }

    @Test(
        "sample questions are answered from the right document, every sentence cited exactly",
        arguments: [
            ("How long do I have to return an item?", "returns-policy", "45 days"),
            ("When will I get my refund?", "refund-policy", "5 business days"),
            ("My thermostat keeps going offline. What should I do?", "ts-thermo-offline", "power"),
            ("How much does Lumen Plus cost?", "lumen-plus-terms", "$5.99"),
            ("Can I use Lumen Glow bulbs with a dimmer switch?", "glow-guide", "dimmer"),
            ("How long does the Lumen Eye camera battery last?", "eye-guide", "3 to 6 months"),
            ("How long does standard shipping take?", "shipping-policy", "3 to 5 business days"),
            ("How do I turn on two-step verification?", "account-security", "Two-step verification"),
            ("What is not covered by the warranty?", "warranty-policy", "Damage"),
            ("Which items cannot be returned?", "returns-policy", "Downloadable software"),
            ("Can I cancel my order after it shipped?", "order-cancellation", "no longer be cancelled"),
            ("Do Lumen cameras work with Matter?", "faq-matter", "do not support Matter"),
            ("What should I do if my package is lost?", "shipping-policy", "investigation"),
            ("How do I reset a Lumen Glow bulb?", "ts-bulb-reset", "five times"),
        ])
    func answers(question: String, document: String, mustContain: String) throws {
        let answer = try engine.ask(question)
        #expect(answer.status == .answered, "\(question): \(answer.declineReason ?? "")")
        #expect(answer.verified)
        #expect(answer.sentences.first?.citation.documentID == document, "\(question) → \(answer.message)")
        #expect(answer.message.contains(mustContain), "\(question) → \(answer.message)")
        #expect(answer.confidence > 0 && answer.confidence <= 1)
        for s in answer.sentences {
            let c = s.citation
            // The citation checks out against the store, not only against the engine's memory.
            #expect(try storedText(c.documentID, c.version).slice(c.start..<c.end) == c.quote)
            #expect(s.text == c.quote)
            // The message shows the sentence as read (a table row as "label: values", no Markdown marks).
            #expect(answer.message.contains(s.readableText))
            #expect(!c.title.isEmpty)
        }
    }

    @Test(
        "questions the knowledge base does not answer are declined",
        arguments: [
            "Do you repair electric scooters?",
            "What is the capital of France?",
            "Can I pay with bitcoin on the moon?",
            "asdf qwerty zxcv",
            "?",
        ])
    func declines(question: String) throws {
        let answer = try engine.ask(question)
        #expect(answer.status == .declined, "\(question) → \(answer.message)")
        #expect(answer.sentences.isEmpty)
        #expect(answer.message.contains("couldn't find"))
        #expect(answer.declineReason != nil)
    }

    @Test("answers follow the version in effect: the 2023 returns policy said 30 days")
    func versions() throws {
        let old = try engine.ask("How long do I have to return an item?", filter: RetrievalFilter(asOf: "2023-06-01"))
        #expect(old.status == .answered)
        #expect(old.sentences.first?.citation.version == "1")
        #expect(old.message.contains("30 days"))
    }

    @Test("internal procedures answer agents but never customers")
    func audience() throws {
        let question = "How many times can an agent approve a late return without a supervisor?"
        let customer = try engine.ask(question)
        #expect(customer.sentences.allSatisfy { $0.citation.documentID != "refund-exceptions" })
        var agent = RetrievalFilter()
        agent.audiences = [.public, .internal]
        let forAgent = try engine.ask(question, filter: agent)
        #expect(forAgent.sentences.first?.citation.documentID == "refund-exceptions")
    }

    @Test("the verifier rejects any citation that does not read as quoted")
    func verifier() throws {
        let answer = try engine.ask("How much does Lumen Plus cost?")
        let good = try #require(answer.sentences.first?.citation)
        let verifier = CitationVerifier(knowledge: engine.knowledge)
        #expect(verifier.verify(good))
        var shifted = good
        shifted.start += 1
        var edited = good
        edited.quote = edited.quote.replacingOccurrences(of: "5.99", with: "4.99")
        var outside = good
        outside.end = 1_000_000
        var wrongVersion = good
        wrongVersion.version = "9"
        var unknown = good
        unknown.documentID = "nope"
        for bad in [shifted, edited, outside, wrongVersion, unknown] {
            #expect(verifier.problem(with: bad) != nil)
        }
    }

    @Test(
        """
        in a conversation, sentences just after what the agent last said are marked; questions and preceding \
        coverage are features
        """
    )
    func conversationFeatures() throws {
        let names = SentenceFeatures.names
        let follows = try #require(names.firstIndex(of: "followsAgentReply"))
        let repeats = try #require(names.firstIndex(of: "agentOverlap"))
        let isQuestion = try #require(names.firstIndex(of: "question"))
        let conversation = [
            ConversationTurn(role: .user, text: "How long do I have to return an item?"),
            ConversationTurn(
                role: .agent,
                text: "You can return most items within 45 days of delivery. Lumen Plus members get 60 days."),
            ConversationTurn(role: .user, text: "Do the items need all accessories and cables?"),
        ]
        let candidates = try engine.composer.candidates(conversation: conversation)
        let anchor = try #require(candidates.max { $0.features.values[repeats] < $1.features.values[repeats] })
        #expect(anchor.documentID == "returns-policy" && anchor.features.values[repeats] > 0.5)
        let marked = candidates.filter { $0.features.values[follows] == 1 }
        #expect(!marked.isEmpty)
        #expect(marked.allSatisfy { $0.documentID == anchor.documentID && $0.span.start >= anchor.span.end })
        // The sentence right after the anchor is among them: "Items must be complete, with all accessories…".
        #expect(marked.contains { $0.text.hasPrefix("Items must be complete") })
        // Without an agent turn nothing is marked.
        let alone = try engine.composer.candidates(conversation: [conversation[2]])
        #expect(alone.allSatisfy { $0.features.values[follows] == 0 && $0.features.values[repeats] == 0 })
        #expect(candidates.allSatisfy { $0.features.values[isQuestion] == ($0.text.hasSuffix("?") ? 1 : 0) })
    }

    @Test("an answerability model, when set, decides declines and the answer's confidence")
    func answerabilityModel() throws {
        let n = SentenceFeatures.names.count
        let coverage = try #require(SentenceFeatures.names.firstIndex(of: "coverage"))
        var weights = [Double](repeating: 0, count: n)
        weights[coverage] = 8
        func engine(bias: Double) throws -> GroundedEngine {
            var answers = AnswerConfiguration()
            answers.answerabilityModel = try AnswerabilityModel(bias: bias, weights: weights)
            return try GroundedEngine(knowledge: CorpusFixture.engine.knowledge, answers: answers)
        }
        let question = "How long do I have to return an item?"
        let confident = try engine(bias: -2).ask(question)
        #expect(confident.status == .answered)
        let lead = try #require(confident.sentences.first)
        let p = try #require(lead.explanation["answerability"])
        #expect(p > 0.1 && abs(confident.confidence - p) < 1e-12)
        // The same answer with a model that thinks nothing helps: declined, and says why.
        let doubtful = try engine(bias: -40).ask(question)
        #expect(doubtful.status == .declined)
        #expect(doubtful.declineReason?.contains("answerability model") == true)
    }

    @Test(
        """
        with a reranker, every sentence carries the reranker's sureness of its chunk and of the best chunk; without \
        one, both are 0
        """
    )
    func rerankerSureness() throws {
        let names = SentenceFeatures.names
        let chunk = try #require(names.firstIndex(of: "chunkRerank"))
        let top = try #require(names.firstIndex(of: "topRerank"))
        let conversation = [ConversationTurn(role: .user, text: "How long do I have to return an item?")]
        let plain = try engine.composer.candidates(conversation: conversation)
        #expect(!plain.isEmpty && plain.allSatisfy { $0.features.values[chunk] == 0 && $0.features.values[top] == 0 })

        var retrieval = RetrievalConfiguration()
        retrieval.reranker = try LinearReranker(
            bias: 0, weights: [Double](repeating: 1, count: RerankFeatures.names.count))
        let reranked = try GroundedEngine(knowledge: engine.knowledge, retrieval: retrieval)
        let hits = try reranked.retriever.search(
            conversation: conversation, k: reranked.composer.configuration.hitsToRead)
        let best = tanh(try #require(hits.compactMap(\.rerankScore).max()) / 10)
        let candidates = try reranked.composer.candidates(conversation: conversation)
        #expect(!candidates.isEmpty && candidates.allSatisfy { abs($0.features.values[top] - best) < 1e-12 })
        #expect(candidates.allSatisfy { $0.features.values[chunk] > 0 && $0.features.values[chunk] <= best + 1e-12 })
        #expect(Set(candidates.map { $0.features.values[chunk] }).count > 1, "chunks differ in sureness")
    }

    @Test("a sentence a document repeats word for word is cited once, not twice")
    func repeatedSentence() throws {
        let corpus = try TestPaths.temporaryDirectory("repeat-corpus")
        let index = try TestPaths.temporaryDirectory("repeat-index")
        let warranty = "Every Globex anvil carries a warranty of seven years against cracks."
        let body =
            "---\nid: anvil-warranty\ntitle: Anvil warranty\ntype: policy\naudience: public\neffective: "
            + "2025-01-01\nversion: 1\n---\n"
            + "# Anvil warranty\n\n\(warranty) Claims need the anvil's serial number.\n\n\(warranty)\n"
        try body.write(to: corpus.appendingPathComponent("anvil-warranty.md"), atomically: true, encoding: .utf8)
        _ = try GroundedEngine.ingest(corpus: corpus, index: index)
        let answer = try GroundedEngine(index: index).ask("How long is the anvil warranty?")
        #expect(answer.status == .answered)
        #expect(answer.sentences.contains { $0.text == warranty })
        #expect(Set(answer.sentences.map(\.text)).count == answer.sentences.count, "\(answer.sentences.map(\.text))")
    }
}
