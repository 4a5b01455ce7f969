import Foundation
import GroundedCore
import Knowledge

extension AnswerDrift {
    /// Builds the candidate in a private snapshot of `index`'s knowledge store and current build
    /// (`Ingestor.snapshot`; the real index is not touched), asks `questions` of both, and removes
    /// the snapshot.
    /// - Throws: ingest errors (the candidate cannot be built), the engines' errors.
    public static func check(
        corpus: URL, index: URL, options: IngestOptions, questions: [Question], models: ModelChoice = .shipped
    ) throws -> (drift: AnswerDrift, candidate: IngestReport) {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
            "grounded-candidate-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: copy) }
        var quiet = options
        quiet.progress = nil
        try Ingestor(index: index, options: quiet).snapshot(into: IndexLayout(copy))
        let report = try GroundedEngine.ingest(corpus: corpus, index: copy, options: quiet)
        let drift = try AnswerDrift(
            questions: questions, current: try GroundedEngine(index: index, models: models),
            candidate: try GroundedEngine(index: copy, models: models))
        return (drift, report)
    }

    /// Asks `questions` of the current build and of the staged one (`Ingestor.stage`).
    /// - Throws: `StagingError` when nothing is staged; the engines' errors.
    public static func staged(
        index: URL, questions: [Question], models: ModelChoice = .shipped
    ) throws -> AnswerDrift {
        let staged = IndexLayout(index).staged
        guard FileManager.default.fileExists(atPath: staged.store.path) else {
            throw StagingError.nothingStaged(index.path)
        }
        return try AnswerDrift(
            questions: questions, current: try GroundedEngine(index: index, models: models),
            candidate: try GroundedEngine(index: staged.root, models: models))
    }
}
