import ArgumentParser
import CommandLineOptions
import Engine
import Evaluation
import Foundation

/// `grounded-lab eval policyqa`: PolicyQA's questions asked of the engine as `ask` runs it, each
/// within its own policy.
struct EvalPolicyQA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policyqa",
        abstract: "Ask every PolicyQA question within its own privacy policy and report segment retrieval, "
            + "answer token F1 (best over the gold answers) and the share answered.")

    @Option(name: .long, help: "A PolicyQA-format file (SQuAD v1.1 JSON).")
    var file = "../shared/data/policyqa/dev.json"

    @OptionGroup var engine: EvalEngineOptions

    @Option(name: .long, help: "Evaluate only the first N questions (0: all).")
    var limit = 0

    @Option(
        name: .long, help: "Write one JSON line per question (question, gold answers, status, answer, F1) to this file."
    )
    var perQuestion: String?

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let evaluation = try PolicyQAEvaluation(file: URL(fileURLWithPath: file), limit: limit)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "grounded-eval-policyqa-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: folder) }
            let (report, results) = try evaluation.runWithResults(
                index: folder, embedder: engine.choice, models: try engine.trained())
            if let perQuestion { try Eval.writeJSONLines(results, to: perQuestion) }
            if json {
                try printJSON(report)
                return
            }
            print(EvalReport.render(report))
        }
    }
}
