import ArgumentParser
import CommandLineOptions
import Engine
import Evaluation
import Foundation
import QualityScoring

/// `grounded-lab eval qa`: the QA scorer's separation of sound and unsound answers on doc2dial.
struct EvalQA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa",
        abstract:
            "How well QA scoring separates gold answers cited to their spans from the same answers cited wrongly or "
            + "with a number or negation changed (doc2dial)."
    )

    @Option(name: .long, help: "Documents (JSONL: doc_id, title, text).")
    var documents = "../shared/data/doc2dial/documents.jsonl"

    @Option(
        name: .long,
        help: "Questions (JSONL with answer {text, start, end}); each distinct gold span is one sound answer.")
    var questions = "../shared/data/doc2dial/questions.jsonl"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "builtin or minilm: the index's embedder, whose similarity the scorer adds.", valueName: "kind"))
    var embedder: EmbedderKind = .builtIn

    @Option(name: .long, help: "The MiniLM model folder.")
    var model = MiniLMEmbedder.defaultDirectory

    @Flag(name: .long, help: "Score on words alone.")
    var noEmbeddings = false

    @Option(name: .long, help: "Use only the first N questions (0: all).")
    var limit = 0

    @Option(name: .long, help: "Write the report as JSON to this file.")
    var out: String?

    func run() throws {
        try reportingErrors {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "grounded-eval-qa-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: folder) }
            let choice = EmbedderChoice(embedder, modelPath: model)
            _ = try GroundedEngine.ingest(
                corpus: URL(fileURLWithPath: documents), index: folder, options: IngestOptions(embedder: choice))
            let engine = try GroundedEngine(index: folder)
            var qs = try Doc2DialQuestion.load(URL(fileURLWithPath: questions))
            if limit > 0 { qs = Array(qs.prefix(limit)) }
            let scorer = try QualityScorer(knowledge: engine.knowledge, useEmbeddings: !noEmbeddings)
            let report = try QAScoringEvaluation(scorer: scorer, questions: qs).run()
            print(
                """
                QA scoring on doc2dial: \(report.spans) distinct gold spans (\(report.unscoreableSpans) more make no \
                claim and are left out), embedder \
                \(noEmbeddings ? "none (words only)" : engine.knowledge.embedder.identifier)
                """
            )
            print("")
            print(
                "kind".padding(toLength: 28, withPad: " ", startingAt: 0)
                    + "answers  mean score  flagged  ROC AUC vs sound")
            for g in report.groups {
                print(
                    g.kind.padding(toLength: 28, withPad: " ", startingAt: 0)
                        + String(
                            format: "%7d  %10.3f  %6.1f%%  %@", g.answers, g.meanScore, g.flagged,
                            g.auc.map { String(format: "%.1f", $0) } ?? "–"))
            }
            print(String(format: "sound against every unsound answer: ROC AUC %.1f", report.overallAUC ?? 0))
            if let out {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(report).write(to: URL(fileURLWithPath: out), options: .atomic)
            }
        }
    }
}
