import ArgumentParser
import CommandLineOptions
import Engine
import Foundation

/// Chunk-level recall@10 on a question set with gold answer spans (doc2dial's format): a chunk is
/// relevant when it belongs to the gold document and overlaps the gold span. Prints figures for
/// the vector side, the BM25 side and their fusion.
struct RetrievalBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrieval",
        abstract: "Chunk-level recall@10 on doc2dial-format questions, per retriever and fused.")

    @Option(name: .long, help: "Documents (JSONL).")
    var documents = "../shared/data/doc2dial/documents.jsonl"

    @Option(name: .long, help: "Questions (JSONL with doc_id, turn_id, question, answer {start, end}).")
    var questions = "../shared/data/doc2dial/questions.jsonl"

    @Option(name: .long, help: ArgumentHelp("builtin or minilm; repeatable.", valueName: "kind"))
    var embedder: [EmbedderKind] = [.builtIn, .miniLM]

    @Option(name: .long, help: "The MiniLM model folder.")
    var model = MiniLMEmbedder.defaultDirectory

    struct Question: Decodable {
        struct Answer: Decodable {
            let start: Int
            let end: Int
        }
        let doc_id: String
        let turn_id: Int
        let question: String
        let answer: Answer
    }

    func run() throws {
        try reportingErrors {
            print(Machine.line)
            let qs = try String(contentsOfFile: questions, encoding: .utf8).split(separator: "\n")
                .map { try JSONDecoder().decode(Question.self, from: Data($0.utf8)) }
            let firstTurn = qs.filter { $0.turn_id == 1 }
            print(
                "questions: \(qs.count) (first turn \(firstTurn.count)); recall@10 = share of questions with a "
                    + "relevant chunk in the top 10"
            )
            for kind in embedder {
                let index = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "grounded-rbench-\(UUID().uuidString.prefix(8))")
                defer { try? FileManager.default.removeItem(at: index) }
                let choice = EmbedderChoice(kind, modelPath: model)
                let report = try GroundedEngine.ingest(
                    corpus: URL(fileURLWithPath: documents), index: index, options: IngestOptions(embedder: choice))
                let engine = try GroundedEngine(index: index)
                print(
                    "\n== \(kind.rawValue): \(report.chunks) chunks, ingest \(String(format: "%.1f", report.seconds)) s"
                )
                for (name, weights) in [("vector", (1.0, 0.0)), ("bm25", (0.0, 1.0)), ("fused (RRF)", (1.0, 1.0))] {
                    let retriever = try HybridRetriever(
                        knowledge: engine.knowledge,
                        configuration: RetrievalConfiguration(vectorWeight: weights.0, lexicalWeight: weights.1))
                    func recall(_ set: [Question]) throws -> Double {
                        var hits = 0
                        for q in set {
                            let gold = TextSpan(start: q.answer.start, end: q.answer.end)
                            let top = try retriever.search(q.question, k: 10, filter: .everything)
                            if top.contains(where: { $0.documentID == q.doc_id && $0.span.overlaps(gold) }) {
                                hits += 1
                            }
                        }
                        return 100 * Double(hits) / Double(max(set.count, 1))
                    }
                    print(
                        String(
                            format: "%-12@ first turn %.1f   all (latest turn) %.1f", name as NSString,
                            try recall(firstTurn), try recall(qs)))
                }
            }
        }
    }
}
