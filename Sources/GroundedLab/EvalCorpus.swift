import ArgumentParser
import CommandLineOptions
import Engine
import Evaluation
import Foundation

/// `grounded-lab eval corpus`: the team's own question suite over `Corpus/`, asked of the engine as
/// `ask` and `serve` run it.
struct EvalCorpus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Ask the question suite (Questions/corpus.jsonl) of a fresh index of Corpus/ and score every answer: "
            + "answerable questions must cite the expected document and say the fact, the rest must be declined or "
            + "asked back."
    )

    @Option(name: .long, help: "The question suite (JSONL; Questions/README.md has the format).")
    var questions = "Questions/corpus.jsonl"

    @Option(name: .long, help: "The documents the suite is about.")
    var corpus = "Corpus"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "builtin or minilm (default: minilm when the model is there, as the demo does).", valueName: "kind"))
    var embedder: EmbedderKind?

    @Option(name: .long, help: "The MiniLM model folder.")
    var model = MiniLMEmbedder.defaultDirectory

    @Option(
        name: .long, help: ArgumentHelp("The date questions without their own are asked on.", valueName: "YYYY-MM-DD"))
    var date = SuiteEvaluation.defaultDate

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The trained models: shipped (what ask and serve use), none, or a trained-model file.",
            valueName: "shipped|none|file"))
    var models = "shipped"

    @Flag(name: .long, help: "Print every question's outcome, not only the wrong ones.")
    var verbose = false

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let suite = try SuiteQuestion.load(URL(fileURLWithPath: questions))
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "grounded-eval-corpus-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: folder) }
            let modelURL = URL(fileURLWithPath: model)
            let kind = embedder ?? (MiniLMEmbedder.isAvailable(at: modelURL) ? .miniLM : .builtIn)
            let choice = EmbedderChoice(kind, modelPath: model)
            _ = try GroundedEngine.ingest(
                corpus: URL(fileURLWithPath: corpus), index: folder, options: IngestOptions(embedder: choice))
            let engine = try GroundedEngine(index: folder, models: try trainedModels(named: models))
            let report = try SuiteEvaluation(engine: engine, questions: suite, date: date).run()
            if json {
                try printJSON(report)
                return
            }
            print(Self.describe(report, verbose: verbose))
        }
    }

    static func describe(_ r: SuiteReport, verbose: Bool) -> String {
        var lines = ["Question suite: \(r.outcomes.count) questions, asked on \(r.date), embedder \(r.embedder)", ""]
        func row(_ t: SuiteReport.Tally) -> String {
            t.name.padding(toLength: 16, withPad: " ", startingAt: 0)
                + String(
                    format: "%4d  %4d  %6.1f%%   %4d %4d %4d", t.questions, t.correct, 100 * t.share, t.answered,
                    t.declined, t.clarified)
        }
        let header =
            "group".padding(toLength: 16, withPad: " ", startingAt: 0)
            + "   n  right  share   answered declined clarify"
        lines += [header] + r.byExpectation.filter { $0.questions > 0 }.map(row)
        lines +=
            ["", "kind".padding(toLength: 16, withPad: " ", startingAt: 0) + String(header.dropFirst(16))]
            + r.byKind.map(row)
        lines += [
            "",
            "short facts: \(r.shortAnswers) right answers state one (a time, an amount, a number), "
                + "\(r.shortAnswersSayingFact) of them an expected fact",
        ]
        let shown = r.outcomes.filter { verbose || !$0.correct }
        if !shown.isEmpty { lines += ["", verbose ? "Every question:" : "Wrong:"] }
        for o in shown {
            lines.append(
                "  \(o.correct ? "ok   " : "WRONG") \(o.id) [\(o.kinds.joined(separator: ", "))] \(o.problem ?? "")")
            lines.append("        Q: \(o.question)")
            lines.append("        A: \(o.message)")
            if let short = o.shortAnswer { lines.append("        In short: \(short)") }
        }
        return lines.joined(separator: "\n")
    }
}
