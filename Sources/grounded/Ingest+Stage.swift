import ArgumentParser
import CommandLineOptions
import Engine
import Foundation

extension Ingest {
    /// `--stage`: builds the candidate beside the current build, reports it (and, with `--check`,
    /// the answers it changes), and leaves it staged for review.
    func runStaged(options: IngestOptions) throws {
        let staged = try Ingestor(index: index.url, options: options).stage(URL(fileURLWithPath: corpus))
        Self.warn(staged.report)
        if let check {
            let questions = try AnswerDrift.questions(in: URL(fileURLWithPath: check))
            let drift = try AnswerDrift.staged(index: index.url, questions: questions, models: try index.modelChoice())
            if json { try printJSON(drift) } else { print(Self.describe(drift)) }
            if failOnChange, !drift.material.isEmpty {
                FileHandle.standardError.write(
                    Data("\(drift.material.count) answers would change: the build stays staged, not current\n".utf8))
                throw ExitCode(3)
            }
            if json { return }
        }
        if json { return try printJSON(staged) }
        print(
            Self.describe(staged.report, index: IndexLayout(index.url).staged.root.path)
                + "\nStaged build \(staged.buildID) (the current build, \(staged.basedOn ?? "none"), still serves): "
                + "review it with POST /v1/builds/staged/ask, then POST /v1/builds/staged/promote or /discard")
    }
}
