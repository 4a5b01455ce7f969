import Foundation
import GroundedCore
import Knowledge

extension AnswerDrift {
    /// Builds the candidate in a private copy of `index`'s knowledge store and builds (the real
    /// index is not touched), asks `questions` of both, and removes the copy.
    /// - Throws: ingest errors (the candidate cannot be built), the engines' errors.
    public static func check(
        corpus: URL, index: URL, options: IngestOptions, questions: [String], models: ModelChoice = .shipped
    ) throws -> (drift: AnswerDrift, candidate: IngestReport) {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
            "grounded-candidate-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: copy) }
        // Only the knowledge store and its builds: never the service's records or keys kept beside them.
        try PrivateDirectory.create(at: copy)
        let files = try FileManager.default.contentsOfDirectory(atPath: index.path)
        for name in files
        where name.hasPrefix("knowledge.sqlite") || name == IndexLayout(index).builds.lastPathComponent {
            try FileManager.default.copyItem(
                at: index.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        let report = try GroundedEngine.ingest(corpus: corpus, index: copy, options: options)
        let drift = try AnswerDrift(
            questions: questions, current: try GroundedEngine(index: index, models: models),
            candidate: try GroundedEngine(index: copy, models: models))
        return (drift, report)
    }
}
