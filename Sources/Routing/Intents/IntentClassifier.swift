import Embeddings
import Foundation
import GroundedCore

/// Tells which intent a customer's message expresses, with a calibrated confidence, or says it is
/// out of scope.
///
/// The input is three unit-length blocks side by side: TF-IDF word n-grams, TF-IDF character
/// n-grams (`LexicalFeaturizer`) and, when an embedder is given, the message's sentence embedding
/// (MiniLM or the built-in one). A multinomial logistic regression (`SoftmaxRegression`) scores
/// the intents. Confidence is calibrated by temperature scaling on held-out examples; a message is
/// out of scope when the explicit out-of-scope class wins (if the examples teach one) or the
/// confidence is below the threshold picked on the held-out examples.
///
/// Thread safety: immutable; `classify` may run on many tasks at once.
public struct IntentClassifier: Sendable {
    /// Class names; the index of a name is its class. Includes the out-of-scope class when trained with one.
    public let classes: [String]
    public let configuration: IntentConfiguration
    /// Logits are divided by this before the softmax (fitted on held-out examples).
    public let temperature: Float
    /// Below this confidence a message is out of scope.
    public let threshold: Float
    /// The embedder's identifier, or nil when the model is lexical only.
    public let embedderIdentifier: String?
    let featurizer: LexicalFeaturizer
    let model: SoftmaxRegression
    let embedder: (any Embedder)?

    /// The class index of the out-of-scope intent, when the examples taught one.
    public var outOfScopeClass: Int? { classes.firstIndex(of: configuration.outOfScopeIntent) }

    /// The in-scope intents, sorted.
    public var intents: [String] { classes.filter { $0 != configuration.outOfScopeIntent } }

    /// Trains on `examples`: fits the temperature and threshold on out-of-fold predictions
    /// (`calibrationFolds` stratified folds), then trains on every example.
    /// - Parameters:
    ///   - embedder: adds sentence embeddings to the features; nil for a lexical model.
    /// - Throws: `IntentDataError` when the configuration is invalid or the examples teach fewer
    ///   than two classes; the embedder's error when a text cannot be embedded.
    public static func train(
        _ examples: IntentExamples, embedder: (any Embedder)? = nil,
        configuration: IntentConfiguration = .init()
    ) throws -> IntentClassifier {
        try configuration.validate()
        let classes = examples.intents
        guard classes.count >= 2 else {
            throw IntentDataError(
                source: "intent examples", problem: "teach \(classes.count) intent(s); a classifier needs at least two")
        }
        let classOf = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let texts = examples.examples.map(\.text)
        let labels = examples.examples.map { classOf[$0.intent]! }
        let embeddings = try embedder.map { try $0.embed(texts) }

        // Out-of-fold logits: each example scored by a model trained on the other folds.
        let folds = stratifiedFolds(labels: labels, folds: configuration.calibrationFolds, seed: configuration.seed)
        var heldLogits = [[Float]](repeating: [], count: texts.count)
        for fold in 0..<configuration.calibrationFolds {
            let held = texts.indices.filter { folds[$0] == fold }
            guard !held.isEmpty else { continue }
            let model = fit(
                indices: texts.indices.filter { folds[$0] != fold }, texts: texts, labels: labels,
                embeddings: embeddings,
                classes: classes.count, configuration: configuration)
            for i in held {
                heldLogits[i] = model.model.logits(
                    Self.features(
                        texts[i], embedding: embeddings?[i], featurizer: model.featurizer,
                        configuration: configuration))
            }
        }
        let outOfScope = classOf[configuration.outOfScopeIntent]
        let temperature = Calibration.fitTemperature(logits: heldLogits, labels: labels)
        let threshold =
            Calibration.pickThreshold(
                logits: heldLogits, labels: labels, temperature: temperature,
                outOfScopeClass: outOfScope,
                maxInScopeRejection: configuration.maxInScopeRejection) ?? configuration.defaultThreshold
        let final = fit(
            indices: Array(texts.indices), texts: texts, labels: labels, embeddings: embeddings, classes: classes.count,
            configuration: configuration)
        return IntentClassifier(
            classes: classes, configuration: configuration, temperature: temperature, threshold: threshold,
            embedderIdentifier: embedder?.identifier, featurizer: final.featurizer, model: final.model,
            embedder: embedder)
    }

    /// Calibrated class probabilities of each text (indexed like `classes`).
    /// - Throws: the embedder's error.
    public func probabilities(_ texts: [String]) throws -> [[Float]] {
        let embeddings = try embedder.map { try $0.embed(texts) }
        return texts.indices.map { i in
            var logits = model.logits(
                Self.features(texts[i], embedding: embeddings?[i], featurizer: featurizer, configuration: configuration)
            )
            Calibration.calibrate(&logits, temperature: temperature)
            return logits
        }
    }

    /// The decision for each text.
    /// - Throws: the embedder's error.
    public func classify(_ texts: [String]) throws -> [IntentPrediction] {
        try probabilities(texts).map(decide)
    }

    /// The decision for one message.
    public func classify(_ text: String) throws -> IntentPrediction { try classify([text])[0] }

    /// Turns calibrated probabilities into a decision.
    func decide(_ probabilities: [Float]) -> IntentPrediction {
        let ranked = probabilities.indices.sorted {
            probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1)
        }
        let top = ranked[0]
        let confidence = probabilities[top]
        let bestInScope = ranked.first { $0 != outOfScopeClass } ?? top
        let candidates = ranked.prefix(3).map {
            IntentPrediction.Candidate(intent: classes[$0], probability: probabilities[$0])
        }
        let confidenceText = String(format: "%.2f", confidence)
        let thresholdText = String(format: "%.2f", threshold)
        let intent: String?
        let reason: String
        if top == outOfScopeClass {
            intent = nil
            reason = "the out-of-scope class is the most probable (\(confidenceText))"
        } else if confidence < threshold {
            intent = nil
            reason = "confidence \(confidenceText) in \(classes[top]) is below the threshold \(thresholdText)"
        } else {
            intent = classes[top]
            reason = "confidence \(confidenceText) is at or above the threshold \(thresholdText)"
        }
        return IntentPrediction(
            intent: intent, bestInScope: classes[bestInScope], confidence: confidence,
            threshold: threshold, candidates: candidates, reason: reason)
    }

    /// The model's input for one text.
    static func features(
        _ text: String, embedding: [Float]?, featurizer: LexicalFeaturizer,
        configuration: IntentConfiguration
    ) -> SparseFeatures {
        var x = featurizer.features(text)
        if let embedding, configuration.embeddingWeight > 0 {
            x.append(dense: embedding, offset: featurizer.featureCount, scale: configuration.embeddingWeight)
        }
        return x
    }

    /// A featurizer fitted and a model trained on the examples at `indices`.
    private static func fit(
        indices: [Int], texts: [String], labels: [Int], embeddings: [[Float]]?, classes: Int,
        configuration: IntentConfiguration
    ) -> (featurizer: LexicalFeaturizer, model: SoftmaxRegression) {
        let featurizer = LexicalFeaturizer(
            fitting: indices.map { texts[$0] },
            minimumDocumentFrequency: configuration.minimumDocumentFrequency)
        let rows = indices.map {
            features(texts[$0], embedding: embeddings?[$0], featurizer: featurizer, configuration: configuration)
        }
        let dimension = featurizer.featureCount + (embeddings?.first?.count ?? 0)
        let model = SoftmaxRegression.train(
            rows, labels: indices.map { labels[$0] }, featureCount: dimension,
            classCount: classes, training: configuration.training)
        return (featurizer, model)
    }

    /// The fold (`0 ..< folds`) of each example: each class's examples, shuffled by the seed, are
    /// dealt round-robin, so every fold holds about `1 / folds` of every class.
    static func stratifiedFolds(labels: [Int], folds: Int, seed: UInt64) -> [Int] {
        var byClass: [Int: [Int]] = [:]
        for (i, label) in labels.enumerated() { byClass[label, default: []].append(i) }
        var rng = SplitMix64(seed: seed)
        var fold = [Int](repeating: 0, count: labels.count)
        var next = 0
        for label in byClass.keys.sorted() {
            var members = byClass[label]!
            members.shuffle(using: &rng)
            for i in members {
                fold[i] = next % folds
                next += 1
            }
        }
        return fold
    }

    /// Indices of the examples kept for fitting and held out, `share` of each class held out
    /// (rounded; none from a class of one), by a seeded shuffle.
    static func stratifiedSplit(labels: [Int], share: Double, seed: UInt64) -> (kept: [Int], held: [Int]) {
        var byClass: [Int: [Int]] = [:]
        for (i, label) in labels.enumerated() { byClass[label, default: []].append(i) }
        var rng = SplitMix64(seed: seed)
        var kept: [Int] = []
        var held: [Int] = []
        for label in byClass.keys.sorted() {
            var members = byClass[label]!
            members.shuffle(using: &rng)
            let count = members.count < 2 ? 0 : max(1, Int((Double(members.count) * share).rounded()))
            held += members.prefix(count)
            kept += members.dropFirst(count)
        }
        return (kept.sorted(), held.sorted())
    }
}
