import Embeddings
import Foundation
import GroundedCore
import Routing

/// `grounded-lab eval intents`: the intent classifier trained and scored on banking77 (a stratified
/// validation share of its training file, or a separate test file) and CLINC150 (`train` +
/// `oos_train`, scored on `val` and `oos_val`, or on a test file's `test` and `oos_test`), and
/// optionally on a team's own training and test files, with the splits exported so a peer can be
/// scored on exactly the same examples.
public struct IntentEvaluation: Sendable {
    public var banking77: URL
    public var clinc150: URL
    public var validationShare: Double
    public var seed: UInt64
    public var configuration: IntentConfiguration
    /// banking77's test file (`text,category` CSV): when given, the whole training file trains and
    /// this file scores.
    public var banking77Test: URL?
    /// A JSON file with CLINC150's `test` and `oos_test` splits: when given, they score instead of
    /// `val` and `oos_val`.
    public var clinc150Test: URL?
    /// A team's own examples files (JSON or CSV, out-of-scope examples under
    /// `configuration.outOfScopeIntent`), scored as a third set.
    public var custom: (train: URL, test: URL)?

    public init(
        banking77: URL, clinc150: URL, validationShare: Double = 0.1, seed: UInt64 = 0,
        configuration: IntentConfiguration = .init(), banking77Test: URL? = nil, clinc150Test: URL? = nil,
        custom: (train: URL, test: URL)? = nil
    ) {
        self.banking77Test = banking77Test
        self.clinc150Test = clinc150Test
        self.custom = custom
        self.banking77 = banking77
        self.clinc150 = clinc150
        self.validationShare = validationShare
        self.seed = seed
        self.configuration = configuration
    }

    /// Scores on one set.
    public struct SetReport: Sendable, Codable, Equatable {
        public let train: Int
        /// In-scope examples scored.
        public let validation: Int
        /// What was scored: "validation split" or the test file's path.
        public let evaluatedOn: String
        /// Top in-scope intent against the gold intent, without rejection.
        public let scores: ClassificationMetrics
        /// With rejection (CLINC150 only): the threshold and what it accepts and rejects.
        public let outOfScope: OutOfScopeMetrics?
        public let trainSeconds: Double
        public let temperature: Float
        /// The nearest examples' vote as fitted out of fold; nil when it was off or did not help.
        public let vote: ExampleVote?
    }

    public struct Report: Sendable, Codable, Equatable {
        public let embedder: String
        public let banking77: SetReport
        public let clinc150: SetReport
        /// The team's own training and test files, when given.
        public let custom: SetReport?
    }

    /// Trains and scores on both sets; writes the splits as `banking77-train.csv`,
    /// `banking77-validation.csv`, `clinc150-train.csv` and `clinc150-validation.csv` (out-of-scope
    /// examples under `configuration.outOfScopeIntent`) to `exportDirectory` when given.
    /// - Throws: `IntentDataError` for unreadable data; the embedder's errors.
    /// - Parameter embedder: the embedder for a set, given its training texts (the built-in one
    ///   is fitted on them); nil for a lexical model.
    public func run(embedder: ([String]) throws -> (any Embedder)?, exportDirectory: URL? = nil) throws -> Report {
        let bank =
            try banking77Test.map {
                (try IntentExamples.load(contentsOf: banking77), try IntentExamples.load(contentsOf: $0))
            }
            ?? IntentDatasets.banking77(banking77, validationShare: validationShare, seed: seed)
        let clinc = try IntentDatasets.clinc150(
            clinc150, outOfScopeIntent: configuration.outOfScopeIntent, test: clinc150Test)
        let own = try custom.map { files in
            let test = try IntentExamples.load(contentsOf: files.test)
            let oos = configuration.outOfScopeIntent
            return (
                train: try IntentExamples.load(contentsOf: files.train),
                inScope: try IntentExamples(test.examples.filter { $0.intent != oos }, source: files.test.path),
                outOfScope: try IntentExamples(test.examples.filter { $0.intent == oos }, source: files.test.path)
            )
        }
        if let directory = exportDirectory {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var files = [
                ("banking77-train", bank.0), ("banking77-validation", bank.1),
                ("clinc150-train", clinc.train), ("clinc150-validation", clinc.validation.appending(clinc.outOfScope)),
            ]
            if let own {
                files += [("custom-train", own.train), ("custom-validation", own.inScope.appending(own.outOfScope))]
            }
            for (name, examples) in files {
                try Data(examples.csv().utf8).write(
                    to: directory.appendingPathComponent(name + ".csv"), options: .atomic)
            }
        }
        let bankEmbedder = try embedder(bank.0.examples.map(\.text))
        let clincEmbedder = try embedder(clinc.train.examples.map(\.text))
        return Report(
            embedder: bankEmbedder?.identifier ?? "none (lexical only)",
            banking77: try score(
                train: bank.0, validation: bank.1, outOfScope: nil, embedder: bankEmbedder,
                evaluatedOn: banking77Test?.path ?? "validation split"),
            clinc150: try score(
                train: clinc.train, validation: clinc.validation, outOfScope: clinc.outOfScope, embedder: clincEmbedder,
                evaluatedOn: clinc150Test?.path ?? "validation split"),
            custom: try own.map { own in
                try score(
                    train: own.train, validation: own.inScope,
                    outOfScope: own.outOfScope.count > 0 ? own.outOfScope : nil,
                    embedder: try embedder(own.train.examples.map(\.text)), evaluatedOn: custom!.test.path)
            }
        )
    }

    private func score(
        train: IntentExamples, validation: IntentExamples, outOfScope: IntentExamples?,
        embedder: (any Embedder)?, evaluatedOn: String
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
            // How out of scope a message looks: the out-of-scope score when the classifier has one;
            // else above 1 when the out-of-scope class wins, else 1 − confidence.
            let oosName = configuration.outOfScopeIntent
            func strangeness(_ p: IntentPrediction) -> Double {
                if let score = p.outOfScopeScore { return Double(score) }
                return p.candidates.first?.intent == oosName ? 1 + Double(p.confidence) : 1 - Double(p.confidence)
            }
            rejection = OutOfScopeMetrics(
                threshold: classifier.outOfScope?.threshold ?? classifier.threshold,
                inScope: zip(predictions, gold).map { ($0.intent, $1) },
                outOfScope: oos.map(\.intent),
                auc: ROC.auc(positives: oos.map(strangeness), negatives: predictions.map(strangeness)),
                curveArea: RejectionCurve.area(
                    inScope: zip(predictions, gold).map { (strangeness($0), $0.bestInScope == $1) },
                    outOfScope: oos.map(strangeness)))
        }
        return SetReport(
            train: train.count, validation: validation.count, evaluatedOn: evaluatedOn, scores: scores,
            outOfScope: rejection,
            trainSeconds: seconds, temperature: classifier.temperature, vote: classifier.vote)
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
    /// The area under in-scope accuracy against out-of-scope recall over every threshold of the
    /// rejection score (`RejectionCurve`), in percent.
    public let curveArea: Double?

    /// - Parameters:
    ///   - inScope: (predicted intent or nil for rejected, gold intent) per in-scope message.
    ///   - outOfScope: predicted intent or nil per out-of-scope message.
    ///   - auc: the ROC AUC of the rejection score, in [0, 1].
    ///   - curveArea: `RejectionCurve.area`, in [0, 1].
    public init(
        threshold: Float, inScope: [(String?, String)], outOfScope: [String?], auc: Double? = nil,
        curveArea: Double? = nil
    ) {
        self.threshold = threshold
        self.auc = auc.map { 100 * $0 }
        self.curveArea = curveArea.map { 100 * $0 }
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
