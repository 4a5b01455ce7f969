import Engine
import Foundation
import GroundedTesting
import Testing
import VectorIndex

@Suite("The engine with MiniLM")
struct MiniLMEngineTests {
    let engine = MiniLMFixture.engine

    @Test("the index records the embedder and its weights; answers stay grounded")
    func recordsEmbedder() throws {
        let build = engine.knowledge.build
        #expect(build.kind == .miniLM)
        #expect(build.weightsSHA256 == "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db")
        #expect(engine.knowledge.embedder.dimension == 384)
        #expect(engine.knowledge.vectors.dimension == 384)
        for (question, document) in [
            ("How long do I have to return an item?", "returns-policy"),
            ("How much does Lumen Plus cost?", "lumen-plus-terms"),
            ("Can I use Lumen Glow bulbs with a dimmer switch?", "glow-guide"),
        ] {
            let answer = try engine.ask(question)
            #expect(answer.status == .answered)
            #expect(answer.sentences.first?.citation.documentID == document, "\(question) → \(answer.message)")
        }
        #expect(try engine.ask("Do you repair electric scooters?").status == .declined)
    }

    @Test("MiniLM's vectors find a paraphrase with no word in common; the built-in embedder's do not")
    func paraphrase() throws {
        let vectorsOnly = RetrievalConfiguration(lexicalWeight: 0)
        let query = "my parcel never arrived"
        let minilm = try HybridRetriever(knowledge: engine.knowledge, configuration: vectorsOnly).search(query, k: 1)
        #expect(minilm.first?.documentID == "shipping-policy")
        #expect(minilm.first?.headingPath.last == "Lost or late packages")
        let builtIn = try HybridRetriever(knowledge: CorpusFixture.engine.knowledge, configuration: vectorsOnly).search(
            query, k: 3)
        #expect(!builtIn.contains { $0.headingPath.last == "Lost or late packages" })
    }

    @Test("querying with another embedder, or other weights, is refused with a clear error")
    func refusals() throws {
        let error = #expect(throws: KnowledgeError.self) {
            _ = try GroundedEngine(index: MiniLMFixture.index, embedder: .builtIn)
        }
        #expect(error?.description.contains("built with the minilm embedder") == true)
        let builtIn = #expect(throws: KnowledgeError.self) {
            _ = try GroundedEngine(index: CorpusFixture.index, embedder: .miniLM)
        }
        #expect(builtIn?.description.contains("--embedder builtin") == true)

        // A model folder whose weights differ by one value.
        let other = try TestPaths.temporaryDirectory("other-model")
        try FileManager.default.copyItem(
            at: MiniLMFixture.model.appendingPathComponent("vocab.txt"), to: other.appendingPathComponent("vocab.txt"))
        var weights = try Data(contentsOf: MiniLMFixture.model.appendingPathComponent("model.safetensors"))
        weights[weights.count - 7] ^= 0x01
        try weights.write(to: other.appendingPathComponent("model.safetensors"))
        let mismatch = #expect(throws: KnowledgeError.self) {
            _ = try GroundedEngine(index: MiniLMFixture.index, modelDirectory: other)
        }
        #expect(mismatch?.description.contains("sha256") == true)
        let missing = #expect(throws: KnowledgeError.self) {
            _ = try GroundedEngine(
                index: MiniLMFixture.index, modelDirectory: try TestPaths.temporaryDirectory("no-model"))
        }
        #expect(missing?.description.contains("fetch-model") == true)
    }

    @Test("switching embedder on re-ingest re-embeds every chunk; switching back refits")
    func switching() throws {
        let index = try TestPaths.temporaryDirectory("switch")
        let corpus = try TestPaths.temporaryDirectory("switch-corpus")
        for name in ["policies/refunds-2025.md", "policies/warranty.md", "faq/contact-hours.md"] {
            try FileManager.default.copyItem(
                at: TestPaths.corpus.appendingPathComponent(name),
                to: corpus.appendingPathComponent(URL(fileURLWithPath: name).lastPathComponent))
        }
        let first = try GroundedEngine.ingest(corpus: corpus, index: index)
        var toMiniLM = IngestOptions(embedder: .miniLM(directory: MiniLMFixture.model))
        #expect(throws: KnowledgeError.self, "another embedder needs a rebuild") {
            try GroundedEngine.ingest(corpus: corpus, index: index, options: toMiniLM)
        }
        toMiniLM.rebuild = true
        let second = try GroundedEngine.ingest(corpus: corpus, index: index, options: toMiniLM)
        #expect(second.buildID != first.buildID && second.refitEmbedder && second.skipped.count == 3)
        #expect(try GroundedEngine(index: index).knowledge.build.kind == .miniLM)
        let third = try GroundedEngine.ingest(
            corpus: corpus, index: index, options: IngestOptions(embedder: .miniLM(directory: MiniLMFixture.model)))
        #expect(third.buildID == second.buildID, "nothing changed")
        var back = IngestOptions()
        back.rebuild = true
        let fourth = try GroundedEngine.ingest(corpus: corpus, index: index, options: back)
        #expect(fourth.refitEmbedder)
        let kb = try GroundedEngine(index: index).knowledge
        #expect(kb.build.kind == .builtIn && kb.vectors.dimension == kb.embedder.dimension)
    }
}
