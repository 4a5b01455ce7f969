import ArgumentParser
import CommandLineOptions
import Engine
import Evaluation
import Foundation

/// `grounded-lab eval mtrag`: MTRAG-UN's tasks asked of the engine as `ask` runs it, outcomes per
/// answerability label.
struct EvalMTRAG: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mtrag",
        abstract: "Ask every MTRAG-UN task with its conversation over a knowledge base of the tasks' pooled passages, "
            + "and report per answerability label the shares answered, asked back and declined, gold citations and "
            + "token F1."
    )

    @Option(name: .long, help: "The tasks (MTRAG-UN reference.jsonl).")
    var reference = "../shared/data/mtrag-un/reference.jsonl"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only the tasks of this collection (govt, clapnq); the passages of every task are still the knowledge "
                + "base.",
            valueName: "name"))
    var collection: String?

    @OptionGroup var engine: EvalEngineOptions

    @Option(
        name: .long,
        help:
            """
            Write one JSON line per task (label, question, status, answer, decline reason, gold citation, F1) to \
            this file.
            """
    )
    var perTask: String?

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let all = try MTRAGTask.load(URL(fileURLWithPath: reference))
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "grounded-eval-mtrag-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: folder) }
            let choice = engine.choice
            var evaluation = MTRAGEvaluation(tasks: all)
            let passages = evaluation.documentsJSONL
            if let collection { evaluation = MTRAGEvaluation(tasks: all.filter { $0.collection == collection }) }
            guard !evaluation.tasks.isEmpty else {
                throw ValidationError("no task of collection `\(collection ?? "")` in \(reference)")
            }
            let (report, results) = try evaluation.runWithResults(
                index: folder, embedder: choice,
                models: try engine.trained(), passages: passages)
            if let perTask { try Eval.writeJSONLines(results, to: perTask) }
            if json {
                try printJSON(report)
                return
            }
            print(
                """
                MTRAG-UN: \(evaluation.tasks.count) tasks (\(report.collections.joined(separator: ", "))), \
                \(report.passages) pooled passages, models: \(engine.models)
                """
            )
            print("")
            print("label            tasks  answered  clarified  declined  cites gold  token F1")
            for r in report.rows {
                print(
                    r.label.padding(toLength: 16, withPad: " ", startingAt: 0)
                        + String(
                            format: "%6d  %7.1f%%  %8.1f%%  %7.1f%%  %9.1f%%  %8.1f", r.tasks, r.answered, r.clarified,
                            r.declined, r.citesGold, r.tokenF1))
            }
            print(String(format: "evaluated in %.1f s", report.seconds))
        }
    }
}
