import ArgumentParser
import CommandLineOptions
import Engine
import Foundation

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ingest the sample corpus and answer sample questions, with one honest decline.")

    @Option(name: .long, help: "The corpus to ingest.")
    var corpus = "Corpus"

    @Option(name: .long, help: "The index folder to build.")
    var index = "Indexes/demo"

    @Option(
        name: .long,
        help: "The MiniLM model folder; the demo uses MiniLM when it is there, the built-in embedder otherwise.")
    var model = MiniLMEmbedder.defaultDirectory

    static let questions = DemoQuestions.all

    func run() throws {
        try reportingErrors {
            let modelURL = URL(fileURLWithPath: model)
            let choice: EmbedderChoice
            if MiniLMEmbedder.isAvailable(at: modelURL) {
                choice = .miniLM(directory: modelURL)
                print("Embedder: MiniLM (all-MiniLM-L6-v2, native, from \(model))")
            } else {
                choice = .builtIn(.init())
                print(
                    "Embedder: built-in (latent semantic; no model at \(model) — run Tools/fetch-model.sh for MiniLM)")
            }
            // The demo's own index follows the model's presence: it is rebuilt when that changed.
            var options = IngestOptions(embedder: choice)
            options.rebuild = true
            let report = try GroundedEngine.ingest(
                corpus: URL(fileURLWithPath: corpus), index: URL(fileURLWithPath: index), options: options)
            print(Ingest.describe(report, index: index))
            let engine = try GroundedEngine(index: URL(fileURLWithPath: index))
            for q in Self.questions {
                print("\n" + String(repeating: "─", count: 72))
                let answer = try engine.ask(q)
                print(Ask.describe(answer))
                for (i, s) in answer.sentences.enumerated() {
                    print("      [\(i + 1)] quote: \"\(s.citation.quote.replacingOccurrences(of: "\n", with: " "))\"")
                }
            }
            print("\n" + String(repeating: "─", count: 72))
            print(
                "Serve it: grounded serve --index \(index)   (the first start writes an admin key to "
                    + "\(index)/service/admin.key)"
            )
            print(
                "          then open http://127.0.0.1:8080/console#key=<an agent key> (agents: grounded keys create "
                    + "--index \(index) --person <you> --role agent)"
            )
            print(
                "          and POST /v1/answer with Authorization: Bearer <a channel key> (see Docs/api.md, "
                    + "Docs/governance.md)"
            )
        }
    }
}
