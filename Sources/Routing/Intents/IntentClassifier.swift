import Dispatch
import Embeddings
import Foundation
import GroundedCore
import Synchronization

/// Tells which intent a customer's message expresses, with a calibrated confidence, or says it is
/// out of scope.
///
/// The input is three unit-length blocks side by side: TF-IDF word n-grams, TF-IDF character
/// n-grams (`LexicalFeaturizer`) and, when an embedder is given, the message's sentence embedding
/// (MiniLM or the built-in one). A multinomial logistic regression (`SoftmaxRegression`) scores
/// the intents; with an embedder, the message's nearest training examples add their votes to those
/// scores (`ExampleVote`, weighted as fitted out of fold). Confidence is calibrated by temperature
/// scaling on out-of-fold predictions.
///
/// When the examples teach an out-of-scope class, "out of scope" is decided by `OutOfScopeModel`:
/// a small logistic regression over the message's `OutOfScopeSignals` — calibrated confidence,
/// the out-of-scope class's probability, the gap between the best two classes and, with an
/// embedder, how near the message falls to the training examples and to its intent's centre —
/// fitted on out-of-fold signals, with its threshold chosen on them. Without out-of-scope examples
/// a message is out of scope when its confidence is below `configuration.defaultThreshold`.
///
/// Thread safety: immutable; `classify` may run on many tasks at once.
public struct IntentClassifier: Sendable {
    /// Class names; the index of a name is its class. Includes the out-of-scope class when trained with one.
    public let classes: [String]
    public let configuration: IntentConfiguration
    /// Logits are divided by this before the softmax (fitted on held-out examples).
    public let temperature: Float
    /// Below this confidence a message is out of scope, when there is no `outOfScope` model.
    public let threshold: Float
    /// The out-of-scope decision, when the examples taught an out-of-scope class.
    public let outOfScope: OutOfScopeModel?
    /// The nearest examples' votes, when an embedder was given and they helped out of fold.
    public let vote: ExampleVote?
    /// The embedder's identifier, or nil when the model is lexical only.
    public let embedderIdentifier: String?
    let featurizer: LexicalFeaturizer
    let model: SoftmaxRegression
    let embedder: (any Embedder)?
    /// The training examples' embeddings, kept when the vote or the out-of-scope model reads them.
    let neighbors: ExampleNeighbors?

    /// The class index of the out-of-scope intent, when the examples taught one.
    public var outOfScopeClass: Int? { classes.firstIndex(of: configuration.outOfScopeIntent) }

    /// The in-scope intents, sorted.
    public var intents: [String] { classes.filter { $0 != configuration.outOfScopeIntent } }

    /// Trains on `examples`: fits the temperature and the out-of-scope decision on out-of-fold
    /// predictions (`calibrationFolds` stratified folds; one held-out fold suffices for the
    /// temperature when no out-of-scope class is taught), then trains on every example.
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
        let embeddings = try embedder.map { try $0.embed(texts).map(Self.unitLength) }
        let outOfScope = classOf[configuration.outOfScopeIntent]

        // Out-of-fold logits: each example scored by a model trained on the other folds.
        let folds = stratifiedFolds(labels: labels, folds: configuration.calibrationFolds, seed: configuration.seed)
        // The out-of-scope decision needs every example scored out of fold (out-of-scope examples
        // are few); the temperature alone, one scalar, is fitted well on one held-out fold.
        let scoredFolds = outOfScope == nil ? 1 : configuration.calibrationFolds
        // The fold models and the final one are independent, each seeded: they train side by side
        // on every core, with the same result as one after another.
        let collected = Mutex<[Int: FoldResult]>([:])
        DispatchQueue.concurrentPerform(iterations: scoredFolds + 1) { fold in
            let kept = fold == scoredFolds ? Array(texts.indices) : texts.indices.filter { folds[$0] != fold }
            let model = fit(
                indices: kept, texts: texts, labels: labels, embeddings: embeddings, classes: classes.count,
                configuration: configuration)
            guard fold < scoredFolds else {
                collected.withLock { $0[fold] = FoldResult(model: model, held: [], logits: [], nearness: nil) }
                return
            }
            let held = texts.indices.filter { folds[$0] == fold }
            let logits = held.map {
                model.model.logits(
                    Self.features(
                        texts[$0], embedding: embeddings?[$0], featurizer: model.featurizer,
                        configuration: configuration))
            }
            var nearness: [ExampleNeighbors.Nearness]?
            if let embeddings, outOfScope != nil || configuration.neighborVotes > 0 {
                let neighbors = ExampleNeighbors(
                    embeddings: kept.map { embeddings[$0] }, labels: kept.map { labels[$0] }, classes: classes.count,
                    outOfScopeClass: outOfScope)
                nearness = neighbors.measure(held.map { embeddings[$0] }, voters: configuration.neighborVotes)
            }
            collected.withLock { $0[fold] = FoldResult(model: nil, held: held, logits: logits, nearness: nearness) }
        }
        let results = collected.withLock { $0 }
        var heldLogits = [[Float]](repeating: [], count: texts.count)
        var heldNearness = [ExampleNeighbors.Nearness?](repeating: nil, count: texts.count)
        for fold in 0..<scoredFolds {
            guard let result = results[fold] else { continue }
            for (j, i) in result.held.enumerated() {
                heldLogits[i] = result.logits[j]
                heldNearness[i] = result.nearness?[j]
            }
        }
        let final = results[scoredFolds]!.model!
        let scored = heldLogits.indices.filter { !heldLogits[$0].isEmpty }
        var vote: ExampleVote?
        if embeddings != nil, configuration.neighborVotes > 0 {
            let fitted = ExampleVote.fitWeight(
                count: configuration.neighborVotes, logits: scored.map { heldLogits[$0] },
                shares: scored.map { heldNearness[$0]?.votes ?? [] }, labels: scored.map { labels[$0] })
            if fitted.weight > 0 {
                vote = fitted
                for i in scored { fitted.blend(&heldLogits[i], shares: heldNearness[i]?.votes ?? []) }
            }
        }
        let temperature = Calibration.fitTemperature(
            logits: scored.map { heldLogits[$0] }, labels: scored.map { labels[$0] })
        var decision: OutOfScopeModel?
        if let outOfScope {
            var signals: [OutOfScopeSignals] = []
            var correct: [Bool] = []
            var classWins: [Bool] = []
            for (i, row) in heldLogits.enumerated() {
                var p = row
                Calibration.calibrate(&p, temperature: temperature)
                let ranked = Self.ranking(p)
                let (s, best) = Self.signals(p, ranked: ranked, nearness: heldNearness[i], outOfScopeClass: outOfScope)
                signals.append(s)
                correct.append(best == labels[i])
                classWins.append(ranked[0] == outOfScope)
            }
            decision = OutOfScopeModel.fit(
                signals, outOfScope: labels.map { $0 == outOfScope }, correct: correct, classWins: classWins,
                maxInScopeRejection: configuration.maxInScopeRejection)
        }
        return IntentClassifier(
            classes: classes, configuration: configuration, temperature: temperature,
            threshold: configuration.defaultThreshold, outOfScope: decision, vote: vote,
            embedderIdentifier: embedder?.identifier, featurizer: final.featurizer, model: final.model,
            embedder: embedder,
            // Nearness feeds only the vote and the out-of-scope model: without them, no example is kept.
            neighbors: decision == nil && vote == nil
                ? nil
                : embeddings.map {
                    ExampleNeighbors(
                        embeddings: $0, labels: labels, classes: classes.count, outOfScopeClass: outOfScope)
                })
    }

    /// What one fold's training produced: the held-out examples' logits and nearness, or (the
    /// last, trained on every example) the final model.
    private struct FoldResult: Sendable {
        var model: (featurizer: LexicalFeaturizer, model: SoftmaxRegression)?
        var held: [Int]
        var logits: [[Float]]
        var nearness: [ExampleNeighbors.Nearness]?
    }

    /// The classes of probabilities `p`, most probable first (ties: the lower index first).
    static func ranking(_ p: [Float]) -> [Int] {
        p.indices.sorted { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }
    }

    /// The out-of-scope signals of calibrated probabilities `p` (`ranked` by `ranking`) and the
    /// message's nearness to the training examples, and the best in-scope class.
    static func signals(
        _ p: [Float], ranked: [Int], nearness: ExampleNeighbors.Nearness?, outOfScopeClass: Int?
    )
        -> (OutOfScopeSignals, best: Int)
    {
        let best = ranked.first { $0 != outOfScopeClass } ?? ranked[0]
        let second = ranked.count > 1 ? p[ranked[1]] : 0
        var s = OutOfScopeSignals(
            confidence: p[best], outOfScopeProbability: outOfScopeClass.map { p[$0] } ?? 0,
            margin: log(max(p[ranked[0]], 1e-6)) - log(max(second, 1e-6)))
        if let nearness {
            s.nearestExample = nearness.nearest
            s.nearestExamples = nearness.nearestK
            s.nearestOutOfScopeExample = nearness.outOfScope
            s.intentCentroid = nearness.centroids[best]
        }
        return (s, best)
    }

    static func unitLength(_ v: [Float]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }

    /// Calibrated class probabilities of each text (indexed like `classes`).
    /// - Throws: the embedder's error.
    public func probabilities(_ texts: [String]) throws -> [[Float]] {
        try assess(texts, measuringNearness: false).map(\.probabilities)
    }

    /// Calibrated probabilities (the examples' votes blended in) and, when asked and the
    /// out-of-scope model reads it, nearness to the training examples.
    func assess(
        _ texts: [String], measuringNearness: Bool = true
    ) throws
        -> [(probabilities: [Float], nearness: ExampleNeighbors.Nearness?)]
    {
        let embeddings = try embedder.map { try $0.embed(texts).map(Self.unitLength) }
        let nearness =
            measuringNearness || vote != nil
            ? embeddings.flatMap { neighbors?.measure($0, voters: vote?.count ?? 0) } : nil
        return texts.indices.map { i in
            var logits = model.logits(
                Self.features(texts[i], embedding: embeddings?[i], featurizer: featurizer, configuration: configuration)
            )
            if let vote, let votes = nearness?[i].votes { vote.blend(&logits, shares: votes) }
            Calibration.calibrate(&logits, temperature: temperature)
            return (logits, nearness?[i])
        }
    }

    /// The decision for each text.
    /// - Throws: the embedder's error.
    public func classify(_ texts: [String]) throws -> [IntentPrediction] {
        try assess(texts).map { decide($0.probabilities, nearness: $0.nearness) }
    }

    /// The decision for one message.
    public func classify(_ text: String) throws -> IntentPrediction { try classify([text])[0] }

    /// Turns calibrated probabilities (and nearness to the examples) into a decision.
    func decide(_ probabilities: [Float], nearness: ExampleNeighbors.Nearness? = nil) -> IntentPrediction {
        let ranked = Self.ranking(probabilities)
        let top = ranked[0]
        let confidence = probabilities[top]
        let candidates = ranked.prefix(3).map {
            IntentPrediction.Candidate(intent: classes[$0], probability: probabilities[$0])
        }
        let (signals, bestInScope) = Self.signals(
            probabilities, ranked: ranked, nearness: nearness, outOfScopeClass: outOfScopeClass)
        func format(_ x: Float) -> String { String(format: "%.2f", x) }
        guard let outOfScope else {
            let inScope = top != outOfScopeClass && confidence >= threshold
            let reason =
                top == outOfScopeClass
                ? "the out-of-scope class is the most probable (\(format(confidence)))"
                : inScope
                    ? "confidence \(format(confidence)) is at or above the threshold \(format(threshold))"
                    : "confidence \(format(confidence)) in \(classes[top]) is below the threshold \(format(threshold))"
            return IntentPrediction(
                intent: inScope ? classes[top] : nil, bestInScope: classes[bestInScope], confidence: confidence,
                threshold: threshold, candidates: candidates, reason: reason,
                decidedBy: inScope ? nil : top == outOfScopeClass ? .outOfScopeClass : .confidence)
        }
        let score = outOfScope.score(signals)
        let classWins = top == outOfScopeClass
        let rejected = classWins || score > outOfScope.threshold
        let signal: OutOfScopeSignal? =
            classWins ? .outOfScopeClass : rejected ? outOfScope.decidingSignal(signals) : nil
        let scored = "out-of-scope score \(format(score)) is"
        let reason =
            classWins
            ? "the out-of-scope class is the most probable (\(format(confidence)))"
            : rejected
                ? "\(scored) above \(format(outOfScope.threshold)), mostly \(signal!.phrase)"
                : "\(scored) at or below \(format(outOfScope.threshold)); confidence "
                    + "\(format(signals.confidence)) in \(classes[bestInScope])"
        return IntentPrediction(
            intent: rejected ? nil : classes[bestInScope], bestInScope: classes[bestInScope], confidence: confidence,
            threshold: outOfScope.threshold, candidates: candidates, reason: reason, outOfScopeScore: score,
            signals: signals, decidedBy: signal)
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
