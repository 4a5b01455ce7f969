import ArgumentParser
import CommandLineOptions
import Engine
import Evaluation
import Foundation

/// `grounded-lab train`: fits the models `ask` and `serve` answer with and writes them into a
/// trained-model file (by default the one shipped with the product).
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Fit the reranker, sentence model and answerability model on labelled questions (doc2dial format) and "
            + "write them, "
            + "checksummed, with their training data, command and held-out figures.")

    @Option(name: .long, help: "Documents (JSONL: doc_id, title, text).")
    var documents = "../shared/data/doc2dial/documents.jsonl"

    @Option(name: .long, help: "Questions (JSONL: id, dial_id, doc_id, question, history, answer {text, start, end}).")
    var questions = "../shared/data/doc2dial/questions.jsonl"

    @Option(
        name: .long,
        help: ArgumentHelp("builtin or minilm: the models apply to indexes built with it.", valueName: "kind"))
    var embedder: EmbedderKind = .miniLM

    @Option(name: .long, help: "The MiniLM model folder.")
    var model = MiniLMEmbedder.defaultDirectory

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Dialogues are split into this many parts by a hash of their id; part --held-out is never trained on and "
                + "is scored instead.",
            valueName: "n"))
    var parts = 5

    @Option(name: .long, help: ArgumentHelp("The part kept out of training and scored.", valueName: "k"))
    var heldOut = 0

    @Option(
        name: .long,
        help:
            """
            Keep the training index in this folder and reuse it while the documents are unchanged (default: a \
            temporary folder).
            """
    )
    var index: String?

    enum Declines: String, ExpressibleByArgument, CaseIterable { case model, thresholds }

    @Option(
        name: .long,
        help: ArgumentHelp(
            "model: ship the answerability model to decide declines; thresholds: keep the engine's coverage and score "
                + "thresholds (the model is still fitted and its figures recorded).",
            valueName: "model|thresholds"))
    var declines: Declines = .model

    @Option(name: .long, help: "Train on the first N training questions only (0: all); for quick checks.")
    var limit = 0

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Resolved QA reviews (the JSON lines of GET /v1/qa/reviews/export) to train on as well: answers found "
                + "correct as labelled questions, incorrect or harmful ones as answers not to give.",
            valueName: "file"))
    var reviews: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The documents the reviewed answers cite (a folder or JSONL).", valueName: "path"))
    var reviewDocuments = "Corpus"

    @Option(name: .long, help: "The trained-model file to write; its models for other embedders are kept.")
    var out = "Sources/Answering/Resources/trained-models.json"

    func validate() throws {
        guard parts >= 2 else { throw ValidationError("--parts must be at least 2") }
        guard (0..<parts).contains(heldOut) else { throw ValidationError("--held-out must be within 0..<\(parts)") }
    }

    func run() throws {
        try reportingErrors {
            let temporary = index == nil
            let folder = URL(
                fileURLWithPath: index
                    ?? FileManager.default.temporaryDirectory
                    .appendingPathComponent("grounded-train-\(UUID().uuidString.prefix(8))").path)
            defer { if temporary { try? FileManager.default.removeItem(at: folder) } }
            let choice = EmbedderChoice(embedder, modelPath: model)
            _ = try GroundedEngine.ingest(
                corpus: URL(fileURLWithPath: documents), index: folder, options: IngestOptions(embedder: choice))
            let base = try GroundedEngine(index: folder, models: .none)
            let reviewed = try reviews.map { try reviewSet(URL(fileURLWithPath: $0), choice: choice) }
            defer { if let folder = reviewed?.folder { try? FileManager.default.removeItem(at: folder) } }
            var training = HeldOutTraining()
            training.parts = parts
            training.heldOutPart = heldOut
            training.limit = limit
            training.trainer.fitsDeclines = declines == .model
            let (models, report, trained) = try training.run(
                base: base, documents: URL(fileURLWithPath: documents), questions: URL(fileURLWithPath: questions),
                reviews: reviewed.map { ($0.set, $0.file) },
                command: (["grounded-lab"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
            print(
                "training on \(trained) questions (\(parts - 1) of \(parts) parts of the dialogues); holding out "
                    + "\(report.questions)"
            )
            let url = URL(fileURLWithPath: out)
            let existing =
                FileManager.default.fileExists(atPath: out)
                ? try TrainedModelFile.load(url) : try TrainedModelFile(models: [])
            let file = try existing.replacing(models)
            try AtomicFile.write(Array(try file.encoded()), to: url, mode: 0o644)
            print(EvalReport.render(report))
            if declines == .thresholds {
                print("declines: the engine's thresholds (the answerability model is not shipped)")
            } else {
                print(
                    String(
                        format:
                            "decline below %.3f answerability (at most %.0f%% of helpful training answers declined; "
                            + "%.1f%% of unhelpful ones) or below %.2f coverage",
                        models.declineProbabilityBelow, 100 * training.trainer.usefulDeclineBudget,
                        100 * (models.training.figures["trainingUnhelpfulDeclined"] ?? 0), models.coverageFloor))
            }
            if let set = reviewed?.set { print(Self.reviewSummary(set, figures: models.training.figures)) }
            print("wrote the \(embedder.rawValue) models to \(out) (sha256 \(file.sha256.prefix(16))…)")
        }
    }
}
