import Engine
import Foundation

/// Training on doc2dial-format questions with a part of the dialogues held out: the questions
/// split by a hash of their dialogue (`RerankerTraining.fold`), the models fitted on every part
/// but one, and that part scored with them and recorded in the models.
public struct HeldOutTraining: Sendable {
    public var parts = 5
    public var heldOutPart = 0
    /// Fit on the first N training questions only (0: all).
    public var limit = 0
    public var trainer = ModelTraining()

    public init() {}

    /// The fitted models (their `training` naming the files, the command and the held-out
    /// figures), the held-out report, and how many questions were trained on.
    /// - Throws: `EvaluationError` for unreadable files; engine errors.
    /// With `reviews` (resolved reviews read from `file`), they train too (`ModelTraining.fit`),
    /// and the figures record how the reviewed questions fare before and after: these are
    /// training questions, not held out.
    public func run(
        base: GroundedEngine, documents: URL, questions url: URL,
        reviews: (set: ReviewTrainingSet, file: URL)? = nil, command: String
    )
        throws -> (models: TrainedModels, heldOut: Doc2DialEvaluation.Report, trained: Int)
    {
        let all = try Doc2DialQuestion.load(url)
        var train = all.filter { RerankerTraining.fold(of: $0, folds: parts) != heldOutPart }
        let test = all.filter { RerankerTraining.fold(of: $0, folds: parts) == heldOutPart }
        if limit > 0 { train = Array(train.prefix(limit)) }
        var data = [
            try TrainedModels.DataFile(file: documents, questions: 0),
            try TrainedModels.DataFile(file: url, questions: train.count),
        ]
        if let reviews {
            let used = reviews.set.correct.count + reviews.set.rejected.count
            data.append(try TrainedModels.DataFile(file: reviews.file, questions: used))
        }
        let record = TrainedModels.Training(
            command: command,
            data: data,
            heldOut:
                "\(url.relativePath): the dialogues whose id hashes (FNV-1a) to part \(heldOutPart) of \(parts) "
                + "(\(test.count) questions)",
            parts: parts, heldOutPart: heldOutPart, figures: [:],
            date: String(ISO8601DateFormatter().string(from: Date()).prefix(10)))
        var models = try trainer.fit(base: base, questions: train, reviews: reviews?.set, training: record)
        let file = try TrainedModelFile(models: [models])
        let trained = try GroundedEngine(knowledge: base.knowledge, models: .file(file))
        let (report, _) = try Doc2DialEvaluation(engine: trained, questions: test).run()
        models.training.figures.merge(Self.figures(report)) { $1 }
        if let set = reviews?.set {
            let before = try set.outcomes(on: set.engine)
            let after = try set.outcomes(
                on: GroundedEngine(knowledge: set.engine.knowledge, models: .file(file)))
            models.training.figures.merge([
                "reviewCorrect": Double(set.correct.count), "reviewRejected": Double(set.rejected.count),
                "reviewSkipped": Double(set.skipped.count),
                "reviewRejectedGivenBefore": Double(before.rejectedGiven),
                "reviewRejectedGivenAfter": Double(after.rejectedGiven),
                "reviewCorrectGivenBefore": Double(before.correctGiven),
                "reviewCorrectGivenAfter": Double(after.correctGiven),
            ]) { $1 }
        }
        return (models, report, train.count)
    }

    /// The held-out figures recorded with the models.
    static func figures(_ r: Doc2DialEvaluation.Report) -> [String: Double] {
        [
            "heldOutQuestions": Double(r.questions),
            "heldOutChunkRecallAt10FirstTurn": r.retrievalFirstTurn.chunkRecallAt10,
            "heldOutChunkRecallAt10WithHistory": r.retrievalWithHistory.chunkRecallAt10,
            "heldOutAnswerF1WithHistory": r.answersWithHistory.tokenF1,
            "heldOutDeclinedWithoutGold": r.declinedWithoutGold,
            "heldOutDeclinedAnswerable": r.declinedAnswerable,
        ]
    }
}

extension TrainedModels.DataFile {
    /// A training file's identity: its path, its SHA-256 and the questions used from it.
    /// - Throws: the read error.
    public init(file url: URL, questions: Int) throws {
        self.init(path: url.relativePath, sha256: ContentHash.sha256(try Data(contentsOf: url)), questions: questions)
    }
}

extension TrainedModels {
    /// Which questions of a file these models may be scored on: `.all` when they never trained
    /// on it, `.part` (of `parts`) when it is their training file with a part held out.
    public enum Scoreable: Sendable, Equatable {
        case all
        case part(parts: Int, part: Int)
    }

    /// - Throws: `EvaluationError` when they trained on the file with nothing held out.
    public func scoreable(questions url: URL) throws -> Scoreable {
        let sha = try DataFile(file: url, questions: 0).sha256
        guard training.data.contains(where: { $0.sha256 == sha && $0.questions > 0 }) else { return .all }
        guard let parts = training.parts, let part = training.heldOutPart else {
            throw EvaluationError(
                "the models were trained on \(url.path) with no held-out part: score them on other questions")
        }
        return .part(parts: parts, part: part)
    }
}
