import ArgumentParser
import CommandLineOptions
import Embeddings
import Foundation
import Routing

/// `grounded intent`: which intent each message expresses, trained on an examples file.
struct Intent: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Classify messages by intent, trained on an examples file (intent → examples), with confidence and "
            + "the reason.")

    @Argument(help: "The messages to classify.")
    var messages: [String]

    @Option(
        name: .long,
        help:
            """
            The examples: JSON (intent → [examples]) or CSV (text,intent). Examples under `out_of_scope` teach what \
            is not served.
            """
    )
    var examples = "Config/intents.json"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Sentence embeddings beside the lexical features: none, builtin or minilm (default: minilm when the model "
                + "is present).",
            valueName: "kind"))
    var embedder: IntentEmbedderOption?

    @Option(name: .long, help: "The MiniLM model folder.")
    var model = MiniLMEmbedder.defaultDirectory

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        if messages.isEmpty { throw ValidationError("give at least one message to classify") }
    }

    func run() throws {
        try reportingErrors {
            let training = try IntentExamples.load(contentsOf: URL(fileURLWithPath: examples))
            let modelURL = URL(fileURLWithPath: model)
            let kind = embedder ?? (MiniLMEmbedder.isAvailable(at: modelURL) ? .minilm : .none)
            let chosen: (any Embedder)?
            switch kind {
            case .none: chosen = nil
            case .builtin: chosen = try LatentSemanticEmbedder.fit(training.examples.map(\.text))
            case .minilm: chosen = try MiniLMEmbedder(directory: modelURL)
            }
            let classifier = try IntentClassifier.train(training, embedder: chosen)
            let predictions = try classifier.classify(messages)
            if json {
                struct Line: Encodable {
                    let message: String
                    let prediction: IntentPrediction
                }
                try printJSON(zip(messages, predictions).map { Line(message: $0, prediction: $1) })
                return
            }
            print(
                """
                \(classifier.intents.count) intents from \(training.count) examples, embedder: \
                \(chosen?.identifier ?? "none (lexical only)")
                """
            )
            for (message, p) in zip(messages, predictions) {
                print("")
                print(message)
                print("  → \(p.intent ?? "out of scope") (\(p.reason))")
                print(
                    "  candidates: "
                        + p.candidates.map { "\($0.intent) \(String(format: "%.2f", $0.probability))" }.joined(
                            separator: ", "))
            }
        }
    }
}
