import Engine
import Foundation
import GroundedTesting
import Testing

@Suite("Trained-model files")
struct TrainedModelTests {
    static func models(_ embedder: EmbedderKind = .builtIn, seed: UInt64 = 7) throws -> TrainedModels {
        var random = SplitMix64(seed: seed)
        func weights(_ n: Int) -> [Double] { (0..<n).map { _ in Double(random.next() % 2000) / 1000 - 1 } }
        let training = TrainedModels.Training(
            command: "grounded-lab train --embedder \(embedder.rawValue)",
            data: [.init(path: "q.jsonl", sha256: String(repeating: "a", count: 64), questions: 12)],
            heldOut: "part 0 of 5", parts: 5, heldOutPart: 0, figures: ["x": 1], date: "2026-12-06")
        return TrainedModels(
            embedder: embedder, embedderIdentifier: "test",
            reranker: try LinearReranker(bias: 0, weights: weights(RerankFeatures.names.count)),
            conversationReranker: nil, sentenceModel: try SentenceModel(weights: weights(SentenceFeatures.names.count)),
            answerabilityModel: try AnswerabilityModel(bias: 0.5, weights: weights(SentenceFeatures.names.count)),
            declineProbabilityBelow: 0.2, coverageFloor: 0.1, training: training)
    }

    func write(_ text: String) throws -> URL {
        let url = try TestPaths.temporaryDirectory("models").appendingPathComponent("m.json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("a written file loads back equal, its checksum checked; one set per embedder, replaced by embedder")
    func roundTrip() throws {
        let file = try TrainedModelFile(models: [try Self.models(.builtIn)]).replacing(try Self.models(.miniLM))
        let url = try write(String(decoding: try file.encoded(), as: UTF8.self))
        let loaded = try TrainedModelFile.load(url)
        #expect(loaded == file && loaded.models.map(\.embedder) == [.builtIn, .miniLM])
        let replaced = try loaded.replacing(try Self.models(.builtIn, seed: 8))
        let expected = try Self.models(.builtIn, seed: 8)
        #expect(replaced.models.count == 2 && replaced.models(for: .builtIn) == expected)
        #expect(replaced.sha256 != loaded.sha256)
    }

    @Test(
        """
        a file edited by hand, of another format or version, or with weights that do not fit is refused, saying what \
        to do
        """
    )
    func refused() throws {
        let good = String(decoding: try TrainedModelFile(models: [try Self.models()]).encoded(), as: UTF8.self)
        let edited = good.replacingOccurrences(
            of: "\"declineProbabilityBelow\" : 0.2", with: "\"declineProbabilityBelow\" : 0.3")
        #expect(edited != good)
        for (text, words) in [
            (edited, "checksum"),
            (good.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2"), "version 2"),
            (good.replacingOccurrences(of: "grounded-trained-models", with: "other"), "format"),
            ("{}", "not a trained-model file"), (String(good.prefix(100)), "not a trained-model file"),
        ] {
            let error = #expect(throws: TrainedModelError.self) { try TrainedModelFile.load(try write(text)) }
            #expect(
                error?.description.contains(words) == true && error?.description.contains("grounded-lab train") == true,
                "\(String(describing: error))")
        }
        var bad = try Self.models()
        bad.reranker.weights.removeLast()
        let url = try write(String(decoding: try TrainedModelFile(models: [bad]).encoded(), as: UTF8.self))
        #expect(throws: TrainedModelError.self) { try TrainedModelFile.load(url) }
    }

    @Test(
        """
        an engine answers with the file's models for its index's embedder; .none and other embedders keep the \
        heuristics
        """
    )
    func applied() throws {
        let knowledge = CorpusFixture.engine.knowledge
        let models = try Self.models(.builtIn)
        let trained = try GroundedEngine(knowledge: knowledge, models: .file(try TrainedModelFile(models: [models])))
        #expect(trained.retriever.configuration.reranker == models.reranker)
        #expect(trained.composer.configuration.sentenceModel == models.sentenceModel)
        #expect(trained.composer.configuration.answerabilityModel == models.answerabilityModel)
        #expect(
            trained.composer.configuration.declineProbabilityBelow == 0.2
                && trained.composer.configuration.modelCoverageFloor == 0.1)
        let plain = try GroundedEngine(knowledge: knowledge, models: .none)
        #expect(plain.retriever.configuration.reranker == nil && plain.composer.configuration.sentenceModel == nil)
        let other = try GroundedEngine(
            knowledge: knowledge, models: .file(try TrainedModelFile(models: [try Self.models(.miniLM)])))
        #expect(other.retriever.configuration.reranker == nil && other.composer.configuration.answerabilityModel == nil)
        var configured = RetrievalConfiguration()
        configured.reranker = try LinearReranker(
            bias: 1, weights: Array(repeating: 0, count: RerankFeatures.names.count))
        let kept = try GroundedEngine(
            knowledge: knowledge, retrieval: configured, models: .file(try TrainedModelFile(models: [models])))
        #expect(
            kept.retriever.configuration.reranker == configured.reranker, "a reranker the configuration names is kept")
    }

    @Test("the file shipped inside the product loads and is checksummed")
    func shipped() throws {
        let file = try TrainedModelFile.shipped()
        #expect(file.format == TrainedModelFile.format && file.version == TrainedModelFile.currentVersion)
        for set in file.models {
            #expect(!set.training.data.isEmpty && set.training.command.hasPrefix("grounded-lab train"))
        }
    }
}
