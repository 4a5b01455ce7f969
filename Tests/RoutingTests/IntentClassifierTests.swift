import Embeddings
import Foundation
import Testing

@testable import Routing

@Suite("Intent classifier")
struct IntentClassifierTests {
    /// The demo company's intents file (`Config/intents.json`).
    static let examplesFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/intents.json")

    @Test("trained on the demo's examples, it names the intent of unseen messages, each with a reason")
    func unseenMessages() throws {
        let classifier = try IntentClassifier.train(try IntentExamples.load(contentsOf: Self.examplesFile))
        #expect(classifier.outOfScopeClass != nil)
        #expect(!classifier.intents.contains("out_of_scope"))
        let cases = [
            ("where is my order, it has not arrived", "order_status"),
            ("please cancel my order", "cancel_order"),
            ("I forgot my password and cannot log in", "login_problem"),
            ("my refund still hasn't arrived on my card", "refund_status"),
            ("let me talk to a real person", "talk_to_agent"),
        ]
        for (message, intent) in cases {
            let prediction = try classifier.classify(message)
            #expect(prediction.bestInScope == intent, "\(message) → \(prediction)")
            #expect(!prediction.reason.isEmpty)
            #expect(prediction.candidates.count == 3)
            #expect(prediction.candidates[0].probability >= prediction.candidates[1].probability)
        }
    }

    @Test("probabilities are finite and sum to one, even for empty and odd text; training is reproducible")
    func probabilities() throws {
        let examples = try IntentExamples.load(contentsOf: Self.examplesFile)
        let a = try IntentClassifier.train(examples)
        let b = try IntentClassifier.train(examples)
        for text in ["", "   ", "🙂🙂", "where is my order", String(repeating: "refund ", count: 500)] {
            let p = try a.probabilities([text])[0]
            #expect(p.allSatisfy { $0.isFinite })
            #expect(abs(p.reduce(0, +) - 1) < 1e-4)
            #expect(p == (try b.probabilities([text])[0]))
        }
        #expect(a.temperature > 0 && a.temperature.isFinite)
    }

    @Test("a message far from every intent is out of scope; the decision says why")
    func outOfScope() throws {
        let classifier = try IntentClassifier.train(try IntentExamples.load(contentsOf: Self.examplesFile))
        let prediction = try classifier.classify("what's the capital of France and will it rain there tomorrow")
        #expect(prediction.isOutOfScope, "\(prediction)")
        #expect(prediction.reason.contains("out-of-scope") || prediction.reason.contains("below the threshold"))
    }

    @Test(
        """
        with sentence embeddings, the out-of-scope decision weighs nearness to the examples; a rejection names its \
        signal, an accepted message has none
        """
    )
    func outOfScopeSignals() throws {
        let examples = try IntentExamples.load(contentsOf: Self.examplesFile)
        let embedder = try LatentSemanticEmbedder.fit(examples.examples.map(\.text))
        let classifier = try IntentClassifier.train(examples, embedder: embedder)
        let model = try #require(classifier.outOfScope, "the demo teaches out_of_scope examples")
        #expect(model.signals.contains(.nearestExample) && model.signals.contains(.nearestOutOfScopeExample))
        // Out of fold, with six or seven examples an intent, the class alone already rejects some
        // in-scope examples, whatever the budget.
        #expect((0...1).contains(model.inScopeRejected) && model.outOfScopeRecall > 0)
        let far = try classifier.classify("what's the capital of France and will it rain there tomorrow")
        #expect(far.isOutOfScope && far.decidedBy != nil, "\(far)")
        #expect(far.signals?.nearestExample != nil)
        #expect(far.decidedBy == .outOfScopeClass || (far.outOfScopeScore ?? 0) > far.threshold)
        let near = try classifier.classify("where is my order, it has not arrived")
        #expect(near.intent == "order_status" && near.decidedBy == nil, "\(near)")
        #expect(try #require(near.outOfScopeScore) <= near.threshold)
    }

    @Test("fewer than two intents and invalid settings are refused with what to fix")
    func refusals() throws {
        let one = try IntentExamples([.init(text: "hi", intent: "greet"), .init(text: "hello", intent: "greet")])
        #expect(throws: IntentDataError.self) { try IntentClassifier.train(one) }
        let two = try IntentExamples([.init(text: "hi", intent: "greet"), .init(text: "bye", intent: "leave")])
        for bad in [
            IntentConfiguration(minimumDocumentFrequency: 0), IntentConfiguration(calibrationFolds: 1),
            IntentConfiguration(epochs: 0), IntentConfiguration(learningRate: -1),
            IntentConfiguration(embeddingWeight: .nan), IntentConfiguration(neighborVotes: -1),
        ] {
            #expect(throws: IntentDataError.self) { try IntentClassifier.train(two, configuration: bad) }
        }
    }

    @Test("the optimiser fits a separable problem exactly")
    func separable() {
        // Class c is marked by feature c (and shares feature 9 with every class).
        let rows = (0..<60).map { i in SparseFeatures(indices: [Int32(i % 3), 9], values: [1, 0.5]) }
        let model = SoftmaxRegression.train(
            rows, labels: (0..<60).map { $0 % 3 }, featureCount: 10, classCount: 3, training: .init())
        for (row, label) in zip(rows, (0..<60).map { $0 % 3 }) {
            let logits = model.logits(row)
            #expect(logits.indices.max { logits[$0] < logits[$1] } == label)
        }
    }
}
