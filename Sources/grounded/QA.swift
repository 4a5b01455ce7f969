import ArgumentParser
import CommandLineOptions
import Engine
import Foundation
import QualityScoring

/// `grounded qa`: quality assurance over answers.
struct QA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa", abstract: "Score answers against the spans they cite.", subcommands: [QAScore.self])
}

/// `grounded qa score <answers.jsonl>`: one report per answer.
struct QAScore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract:
            "Score answers (JSONL: text with [n] markers, citations of documentID, version, start, end, quote) against "
            + "the index's documents."
    )

    @Argument(help: "A JSONL file, one answer per line; `-` reads standard input.")
    var answers: String

    @OptionGroup var indexOptions: IndexOptions

    @Flag(name: .long, help: "Score on words alone, without the embedder's similarity.")
    var noEmbeddings = false

    @Flag(name: .long, help: "Print the reports as JSON lines.")
    var json = false

    func run() throws {
        try reportingErrors {
            let inputs = try Self.read(answers)
            let engine = try indexOptions.engine()
            let scorer = try QualityScorer(knowledge: engine.knowledge, useEmbeddings: !noEmbeddings)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var flagged = 0
            for (i, input) in inputs.enumerated() {
                let report = try scorer.score(input)
                if report.flaggedForReview { flagged += 1 }
                if json {
                    print(String(decoding: try encoder.encode(report), as: UTF8.self))
                    continue
                }
                let name = input.id ?? "answer \(i + 1)"
                let score = report.score.map { String(format: "%.2f", $0) } ?? "not scoreable"
                print("\(name): \(score)\(report.flaggedForReview ? "  FLAGGED FOR REVIEW" : "")")
                for s in report.sentences { print("  [\(s.verdict.rawValue)] \(s.text)\n      \(s.explanation)") }
                for note in report.notes { print("  note: \(note)") }
            }
            if !json { print("\(inputs.count) answers, \(flagged) flagged for review") }
        }
    }

    /// The answers of a JSONL file (blank lines skipped).
    /// - Throws: `ValidationError` naming the line that is not an answer.
    static func read(_ path: String) throws -> [AnswerToScore] {
        let data: Data
        do {
            data =
                path == "-"
                ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("cannot read \(path): \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        var out: [AnswerToScore] = []
        for (n, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            do { out.append(try decoder.decode(AnswerToScore.self, from: Data(line.utf8))) } catch {
                throw ValidationError(
                    "\(path), line \(n + 1): not an answer (\(error)). Expected {\"text\": \"… [1]\", \"citations\": "
                        + "[{\"documentID\": …, \"start\": …, \"end\": …, \"quote\": …}]}"
                )
            }
        }
        if out.isEmpty { throw ValidationError("\(path) holds no answers") }
        return out
    }
}
