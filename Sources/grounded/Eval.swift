import ArgumentParser
import Engine
import Evaluation
import Foundation

/// `grounded eval`: retrieval, answer and decline quality on doc2dial-format data (and PolicyQA),
/// printed and written as JSON.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure retrieval, answers and declines on doc2dial and PolicyQA (or your own files of the same formats).")

    @Option(name: .long, help: "Documents (JSONL: doc_id, title, text).")
    var documents = "../shared/data/doc2dial/documents.jsonl"

    @Option(name: .long, help: "Questions (JSONL: id, turn_id, doc_id, question, history, answer {text, start, end}).")
    var questions = "../shared/data/doc2dial/questions.jsonl"

    @Option(name: .long, help: "PolicyQA-format file (SQuAD v1.1 JSON); an empty string skips it.")
    var policyqa = "../shared/data/policyqa/dev.json"

    @Option(name: .long, help: ArgumentHelp("builtin or minilm.", valueName: "kind"))
    var embedder: EmbedderKind = .builtIn

    @Option(name: .long, help: "The MiniLM model folder.")
    var model = MiniLMEmbedder.defaultDirectory

    @Option(name: .long, help: "Keep the evaluation index in this folder and reuse it while the documents are unchanged (default: a temporary folder).")
    var index: String?

    @Option(name: .long, help: "Evaluate only the first N questions (0: all).")
    var limit = 0

    @Option(name: .long, help: "Write the report as JSON to this file.")
    var out: String?

    @Option(name: .long, help: "Write one JSON line per question to this file.")
    var perQuestion: String?

    func run() throws {
        try reportingErrors {
            let temporary = index == nil
            let folder = URL(fileURLWithPath: index ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("grounded-eval-\(UUID().uuidString.prefix(8))").path)
            defer { if temporary { try? FileManager.default.removeItem(at: folder) } }
            let choice: EmbedderChoice = embedder == .miniLM ? .miniLM(directory: URL(fileURLWithPath: model)) : .builtIn(.init())
            let ingest = try GroundedEngine.ingest(corpus: URL(fileURLWithPath: documents), index: folder, options: IngestOptions(embedder: choice))
            let engine = try GroundedEngine(index: folder)
            var qs = try Doc2DialQuestion.load(URL(fileURLWithPath: questions))
            if limit > 0 { qs = Array(qs.prefix(limit)) }
            print("documents: \(ingest.documents) (\(ingest.chunks) chunks), questions: \(qs.count), embedder: \(engine.knowledge.embedder.identifier)")
            let (report, results) = try Doc2DialEvaluation(engine: engine, questions: qs).run()
            print(EvalReport.render(report))
            if let out {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(EvalReport(embedder: engine.knowledge.embedder.identifier, doc2dial: report)).write(to: URL(fileURLWithPath: out))
                print("wrote \(out)")
            }
            if let perQuestion {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let lines = try results.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
                try (lines.joined(separator: "\n") + "\n").write(toFile: perQuestion, atomically: true, encoding: .utf8)
            }
        }
    }
}

/// The JSON report of `grounded eval`.
struct EvalReport: Codable {
    var embedder: String
    var doc2dial: Doc2DialEvaluation.Report

    static func render(_ r: Doc2DialEvaluation.Report) -> String {
        var lines: [String] = []
        lines.append(String(format: "chunks: %d, median %d words, mean %.0f", r.chunks.chunks, r.chunks.medianWords, r.chunks.meanWords))
        lines.append("")
        lines.append("retrieval (%)            n    chunk R@1  R@5   R@10  MRR@10 nDCG@10 | doc R@1  R@5  R@10")
        for (name, m) in [("first turn", r.retrievalFirstTurn), ("all, latest turn", r.retrievalLatestTurn), ("all, with history", r.retrievalWithHistory)] {
            lines.append(String(format: "%-20@ %6d    %5.1f  %5.1f  %5.1f  %5.1f  %5.1f   | %5.1f %5.1f %5.1f", name as NSString, m.questions,
                                m.chunkRecallAt1, m.chunkRecallAt5, m.chunkRecallAt10, m.chunkMRRAt10, m.chunkNDCGAt10,
                                m.documentRecallAt1, m.documentRecallAt5, m.documentRecallAt10))
        }
        lines.append("")
        lines.append("answers (%)              n    token F1  exact  cites gold  answered")
        for (name, m) in [("first turn", r.answersFirstTurn), ("all, with history", r.answersWithHistory)] {
            lines.append(String(format: "%-20@ %6d    %6.1f  %5.1f  %8.1f  %8.1f", name as NSString, m.questions, m.tokenF1, m.exactMatch,
                                m.citationOverlapsGold, m.answered))
        }
        lines.append("")
        lines.append(String(format: "declines: %.1f%% of questions with their gold document removed (should be high), %.1f%% of answerable ones (should be low)",
                            r.declinedWithoutGold, r.declinedAnswerable))
        lines.append(String(format: "evaluated in %.1f s", r.seconds))
        return lines.joined(separator: "\n")
    }
}
