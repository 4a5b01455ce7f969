import Engine
import Evaluation
import Foundation

extension Train {
    /// The resolved reviews in `file`, against an index of `--review-documents` built with the
    /// training embedder in a temporary folder (removed by the caller).
    /// - Throws: `EvaluationError` for an unreadable export; ingest errors.
    func reviewSet(_ file: URL, choice: EmbedderChoice) throws -> (set: ReviewTrainingSet, file: URL, folder: URL) {
        let reviews = try ReviewedAnswer.load(file)
        guard !reviews.isEmpty else {
            throw EvaluationError(
                "\(file.path) holds no resolved reviews: resolve some with POST /v1/qa/reviews/{id}/resolve")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "grounded-train-reviews-\(UUID().uuidString.prefix(8))")
        _ = try GroundedEngine.ingest(
            corpus: URL(fileURLWithPath: reviewDocuments), index: folder, options: IngestOptions(embedder: choice))
        return (ReviewTrainingSet(reviews: reviews, engine: try GroundedEngine(index: folder)), file, folder)
    }

    /// What the reviews gave and how the reviewed questions fare before and after training.
    static func reviewSummary(_ set: ReviewTrainingSet, figures: [String: Double]) -> String {
        func n(_ key: String) -> Int { Int(figures[key] ?? 0) }
        var lines = [
            "reviews: \(set.correct.count) correct answers trained as labelled questions, \(set.rejected.count) "
                + "incorrect or harmful as answers not to give, \(set.skipped.count) left out"
        ]
        lines += set.skipped.prefix(5).map { "  left out \($0.answerID): \($0.reason)" }
        lines.append(
            "on the reviewed questions (trained on, not held out): rejected answers still given "
                + "\(n("reviewRejectedGivenBefore")) → \(n("reviewRejectedGivenAfter")) of \(set.rejected.count); "
                + "correct answers still given \(n("reviewCorrectGivenBefore")) → \(n("reviewCorrectGivenAfter")) "
                + "of \(set.correct.count)")
        return lines.joined(separator: "\n")
    }
}
