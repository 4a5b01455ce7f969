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
            "How well QA scoring separates gold answers cited to their spans, and the agents' own paraphrases of "
            + "them, from answers cited wrongly, with a number or negation changed, with a made-up sentence added, "
            + "or answering another question (doc2dial)."
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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Dialogues are split into this many parts by a hash of their id; part --tuning-part is where the "
                + "relevance bar was chosen and is left out of the report.",
            valueName: "n"))
    var parts = 5

    @Option(name: .long, help: ArgumentHelp("The part the relevance bar was chosen on.", valueName: "k"))
    var tuningPart = 0

    @Flag(
        name: .long,
        help: "Report on the tuning part instead of the others (for choosing the scorer's settings).")
    var onTuningPart = false

    @Flag(
        name: .long,
        help: "Instead of the report: on the tuning part only, the relevance bar at the equal error rate.")
    var chooseRelevanceBar = false

    @Option(name: .long, help: "Write the report as JSON to this file.")
    var out: String?

    func validate() throws {
        guard parts >= 2 else { throw ValidationError("--parts must be at least 2") }
        guard (0..<parts).contains(tuningPart) else {
            throw ValidationError("--tuning-part must be within 0..<\(parts)")
        }
    }

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
            let tuning = qs.filter { RerankerTraining.fold(of: $0, folds: parts) == tuningPart }
            qs = onTuningPart ? tuning : qs.filter { RerankerTraining.fold(of: $0, folds: parts) != tuningPart }
            if limit > 0 { qs = Array(qs.prefix(limit)) }
            let scorer = try QualityScorer(knowledge: engine.knowledge, useEmbeddings: !noEmbeddings)
            if chooseRelevanceBar {
                let (bar, rate) = try QAScoringEvaluation(scorer: scorer, questions: tuning).equalErrorRelevanceBar()
                print(
                    String(
                        format:
                            "relevance bar %.3f on part %d of %d: %.1f%% of sound answers flagged, as many of other "
                            + "questions' answers let through",
                        bar, tuningPart, parts, 100 * rate))
                return
            }
            let report = try QAScoringEvaluation(scorer: scorer, questions: qs).run()
            print(
                """
                QA scoring on doc2dial (the dialogues \(onTuningPart ? "in" : "outside") part \(tuningPart) of \
                \(parts), where the scorer's settings were chosen): \(report.spans) distinct gold spans \
                (\(report.unscoreableSpans) more make no claim and are left out), embedder \
                \(noEmbeddings ? "none (words only)" : engine.knowledge.embedder.identifier)
                """
            )
            print("")
            print(EvalQA.table(report))
            if let out {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(report).write(to: URL(fileURLWithPath: out), options: .atomic)
            }
        }
    }

    /// The report as a table: one row per kind, then the pooled figures.
    static func table(_ report: QAScoringEvaluation.Report) -> String {
        func cell(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "–" }
        func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: n, withPad: " ", startingAt: 0) }
        var lines = [
            pad("kind", 28) + pad("compared on", 18)
                + "answers  mean score  flagged  off-question  AUC vs sound  AUC vs own words"
        ]
        for g in report.groups {
            func right(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
            let figures =
                String(format: "%7d  %10.3f  %6.1f%%  %11.1f%%  ", g.answers, g.meanScore, g.flagged, g.offQuestion)
                + right(cell(g.auc), 12) + "  " + right(cell(g.aucParaphrase), 16)
            lines.append(pad(g.kind, 28) + pad(g.signal, 18) + figures)
        }
        lines.append("sound against every unsound answer: ROC AUC " + cell(report.overallAUC))
        lines.append("the agents' own words against every unsound answer: ROC AUC " + cell(report.paraphraseAUC))
        return lines.joined(separator: "\n")
    }
}
