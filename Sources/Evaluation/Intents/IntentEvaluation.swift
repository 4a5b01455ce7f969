import Embeddings
import Foundation
import GroundedCore
import Routing

/// `grounded-lab eval intents`: the intent classifier trained and scored on banking77 (a stratified
/// validation share of its training file) and CLINC150 (`train` + `oos_train`, scored on `val`
/// and `oos_val`), with the splits exported so a peer can be scored on exactly the same examples.
public struct IntentEvaluation: Sendable {
    public var banking77: URL
    public var clinc150: URL
    public var validationShare: Double
    public var seed: UInt64
    public var configuration: IntentConfiguration

    public init(
        banking77: URL, clinc150: URL, validationShare: Double = 0.1, seed: UInt64 = 0,
        configuration: IntentConfiguration = .init()
    ) {
        self.banking77 = banking77
        self.clinc150 = clinc150
        self.validationShare = validationShare
        self.seed = seed
        self.configuration = configuration
    }

    /// Scores on one set.
    public struct SetReport: Sendable, Codable, Equatable {
        public let train: Int
        public let validation: Int
        /// Top in-scope intent against the gold intent, without rejection.
        public let scores: ClassificationMetrics
        /// With rejection (CLINC150 only): the threshold and what it accepts and rejects.
        public let outOfScope: OutOfScopeMetrics?
        public let trainSeconds: Double
        public let temperature: Float
    }

    public struct Report: Sendable, Codable, Equatable {
        public let embedder: String
        public let banking77: SetReport
        public let clinc150: SetReport
    }

    /// Trains and scores on both sets; writes the splits as `banking77-train.csv`,
    /// `banking77-validation.csv`, `clinc150-train.csv` and `clinc150-validation.csv` (out-of-scope
    /// examples under `configuration.outOfScopeIntent`) to `exportDirectory` when given.
    /// - Throws: `IntentDataError` for unreadable data; the embedder's errors.
    /// - Parameter embedder: the embedder for a set, given its training texts (the built-in one
    ///   is fitted on them); nil for a lexical model.
    public func run(embedder: ([String]) throws -> (any Embedder)?, exportDirectory: URL? = nil) throws -> Report {
        let bank = try IntentDatasets.banking77(banking77, validationShare: validationShare, seed: seed)
        let clinc = try IntentDatasets.clinc150(clinc150, outOfScopeIntent: configuration.outOfScopeIntent)
        if let directory = exportDirectory {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let files = [
                ("banking77-train", bank.train), ("banking77-validation", bank.validation),
                ("clinc150-train", clinc.train), ("clinc150-validation", clinc.validation.appending(clinc.outOfScope)),
            ]
            for (name, examples) in files {
                try Data(examples.csv().utf8).write(
                    to: directory.appendingPathComponent(name + ".csv"), options: .atomic)
            }
        }
        let bankEmbedder = try embedder(bank.train.examples.map(\.text))
        let clincEmbedder = try embedder(clinc.train.examples.map(\.text))
        return Report(
            embedder: bankEmbedder?.identifier ?? "none (lexical only)",
            banking77: try score(
                train: bank.train, validation: bank.validation, outOfScope: nil, embedder: bankEmbedder),
            clinc150: try score(
                train: clinc.train, validation: clinc.validation, outOfScope: clinc.outOfScope, embedder: clincEmbedder)
        )
    }

    private func score(
        train: IntentExamples, validation: IntentExamples, outOfScope: IntentExamples?,
        embedder: (any Embedder)?
    ) throws -> SetReport {
        let start = ContinuousClock.now
        let classifier = try IntentClassifier.train(train, embedder: embedder, configuration: configuration)
        let seconds = (ContinuousClock.now - start).seconds
        let predictions = try classifier.classify(validation.examples.map(\.text))
        let gold = validation.examples.map(\.intent)
        let scores = ClassificationMetrics(
            gold: gold, predicted: predictions.map(\.bestInScope),
            confidences: predictions.map(\.confidence))
        var rejection: OutOfScopeMetrics? = nil
        if let outOfScope {
            let oos = try classifier.classify(outOfScope.examples.map(\.text))
            // How out of scope a message looks: above 1 when the out-of-scope class wins, else 1 − confidence.
            let oosName = configuration.outOfScopeIntent
            func strangeness(_ p: IntentPrediction) -> Double {
                p.candidates.first?.intent == oosName ? 1 + Double(p.confidence) : 1 - Double(p.confidence)
            }
            rejection = OutOfScopeMetrics(
                threshold: classifier.threshold, inScope: zip(predictions, gold).map { ($0.intent, $1) },
                outOfScope: oos.map(\.intent),
                auc: ROC.auc(positives: oos.map(strangeness), negatives: predictions.map(strangeness)))
        }
        return SetReport(
            train: train.count, validation: validation.count, scores: scores, outOfScope: rejection,
            trainSeconds: seconds, temperature: classifier.temperature)
    }
}

/// In-scope accuracy and out-of-scope recall of a classifier that may reject.
public struct OutOfScopeMetrics: Sendable, Codable, Equatable {
    public let threshold: Float
    /// In-scope messages accepted with the right intent, in percent.
    public let inScopeAccuracy: Double
    /// In-scope messages rejected, in percent.
    public let inScopeRejected: Double
    /// Out-of-scope messages rejected, in percent.
    public let outOfScopeRecall: Double
    /// Rejected messages that were out of scope, in percent.
    public let outOfScopePrecision: Double
    public let inScopeCount: Int
    public let outOfScopeCount: Int
    /// How well the rejection score ranks out-of-scope messages above in-scope ones, whatever the
    /// threshold (ROC AUC, in percent).
    public let auc: Double?

    /// - Parameters:
    ///   - inScope: (predicted intent or nil for rejected, gold intent) per in-scope message.
    ///   - outOfScope: predicted intent or nil per out-of-scope message.
    ///   - auc: the ROC AUC of the rejection score, in [0, 1].
    public init(threshold: Float, inScope: [(String?, String)], outOfScope: [String?], auc: Double? = nil) {
        self.threshold = threshold
        self.auc = auc.map { 100 * $0 }
        inScopeCount = inScope.count
        outOfScopeCount = outOfScope.count
        let correct = inScope.filter { $0.0 == $0.1 }.count
        let rejectedIn = inScope.filter { $0.0 == nil }.count
        let rejectedOut = outOfScope.filter { $0 == nil }.count
        func percent(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : 100 * Double(a) / Double(b) }
        inScopeAccuracy = percent(correct, inScope.count)
        inScopeRejected = percent(rejectedIn, inScope.count)
        outOfScopeRecall = percent(rejectedOut, outOfScope.count)
        outOfScopePrecision = percent(rejectedOut, rejectedIn + rejectedOut)
    }
}
