import Foundation
import Knowledge

extension AnswerDrift {
    /// Builds the candidate in a copy of `index` (the real one is not touched), asks `questions`
    /// of both, and removes the copy.
    /// - Throws: ingest errors (the candidate cannot be built), the engines' errors.
    public static func check(
        corpus: URL, index: URL, options: IngestOptions, questions: [String], models: ModelChoice = .shipped
    ) throws -> (drift: AnswerDrift, candidate: IngestReport) {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
            "grounded-candidate-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: index, to: copy)
        try? FileManager.default.removeItem(at: IndexLayout(copy).lock)
        let report = try GroundedEngine.ingest(corpus: corpus, index: copy, options: options)
        let drift = try AnswerDrift(
            questions: questions, current: try GroundedEngine(index: index, models: models),
            candidate: try GroundedEngine(index: copy, models: models))
        return (drift, report)
    }
}
