import Engine
import Foundation
import GroundedCore

/// MTRAG-UN over a knowledge base of every distinct passage the tasks cite (the collections
/// themselves are not here): each task is asked with its conversation, and the outcomes are
/// counted per answerability label — answered, asked back, declined — with how often an answer
/// cites a gold passage and its token F1 against the reference answer.
public struct MTRAGEvaluation: Sendable {
    /// One label's outcomes, in percent of its tasks (F1: mean over them, a non-answer scoring 0).
    public struct Row: Sendable, Codable, Hashable {
        public var label: String
        public var tasks: Int
        public var answered: Double
        public var clarified: Double
        public var declined: Double
        public var citesGold: Double
        public var tokenF1: Double
    }

    public struct Report: Sendable, Codable {
        public var passages: Int
        public var collections: [String]
        public var rows: [Row]
        public var seconds: Double
    }

    /// How one task fared.
    public struct Result: Sendable, Codable, Hashable {
        public var id: String
        public var collection: String
        public var label: String
        /// The conversation's last user turn.
        public var question: String
        public var status: String
        public var answer: String
        /// Why it was declined, if it was.
        public var reason: String?
        public var options: [String]?
        public var citesGold: Bool
        public var tokenF1: Double
    }

    public let tasks: [MTRAGTask]
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init(tasks: [MTRAGTask]) { self.tasks = tasks }

    /// Every distinct passage as a JSONL document (`doc_id`, `title`, `text`, `domain` = its
    /// collection), first occurrence kept.
    public var documentsJSONL: String {
        var seen: Set<String> = []
        var lines: [String] = []
        for task in tasks {
            for p in task.contexts where seen.insert(p.documentID).inserted {
                let record = [
                    "doc_id": p.documentID, "title": p.title ?? p.documentID, "text": p.text, "domain": task.collection,
                ]
                lines.append(String(decoding: (try? JSONEncoder().encode(record)) ?? Data(), as: UTF8.self))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Ingests the passages into `index` with `embedder` and asks every task of an engine with
    /// `models`.
    /// - Throws: ingestion and engine errors.
    /// - Parameter passages: the knowledge base as JSONL (default: these tasks' `documentsJSONL`;
    ///   pass a larger pool's to score some tasks against every task's passages).
    public func run(
        index: URL, embedder: EmbedderChoice, models: ModelChoice = .shipped, passages: String? = nil
    ) throws -> Report {
        try runWithResults(index: index, embedder: embedder, models: models, passages: passages).report
    }

    /// `run`, with how each task fared, in task order.
    public func runWithResults(
        index: URL, embedder: EmbedderChoice, models: ModelChoice = .shipped,
        passages: String? = nil
    ) throws -> (report: Report, results: [Result]) {
        let start = ContinuousClock.now
        let corpus = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mtrag-passages-\(UUID().uuidString.prefix(8)).jsonl")
        try AtomicFile.write(Array((passages ?? documentsJSONL).utf8), to: corpus)
        defer { try? FileManager.default.removeItem(at: corpus) }
        let ingest = try GroundedEngine.ingest(corpus: corpus, index: index, options: IngestOptions(embedder: embedder))
        let engine = try GroundedEngine(index: index, models: models)
        let filter = RetrievalFilter(audiences: Set(DocumentMetadata.Audience.allCases), asOf: nil)
        let results = try parallelMap(tasks.count, threads: threads) { i -> Result in
            let task = tasks[i]
            let answer = try engine.ask(conversation: task.conversation, filter: filter)
            let gold = Set(task.contexts.map(\.documentID))
            let text = answer.sentences.map(\.text).joined(separator: " ")
            return Result(
                id: task.id, collection: task.collection, label: task.label,
                question: task.conversation.last { $0.role == .user }?.text ?? "",
                status: answer.status.rawValue, answer: text, reason: answer.declineReason,
                options: answer.options.isEmpty ? nil : answer.options,
                citesGold: answer.sentences.contains { gold.contains($0.citation.documentID) },
                tokenF1: answer.status == .answered ? AnswerScoring.f1(text, task.reference) : 0)
        }
        let labels = ["ANSWERABLE", "PARTIAL", "UNDERSPECIFIED", "UNANSWERABLE"]
        let rows = labels.compactMap { label -> Row? in
            let mine = results.filter { $0.label == label }
            guard !mine.isEmpty else { return nil }
            let n = Double(mine.count)
            func share(_ p: (Result) -> Bool) -> Double { 100 * Double(mine.filter(p).count) / n }
            func status(_ s: GroundedAnswer.Status) -> (Result) -> Bool { { $0.status == s.rawValue } }
            return Row(
                label: label, tasks: mine.count, answered: share(status(.answered)), clarified: share(status(.clarify)),
                declined: share(status(.declined)), citesGold: share(\.citesGold),
                tokenF1: 100 * mine.map(\.tokenF1).reduce(0, +) / n)
        }
        let report = Report(
            passages: ingest.documents, collections: Set(tasks.map(\.collection)).sorted(), rows: rows,
            seconds: (ContinuousClock.now - start).seconds)
        return (report, results)
    }
}
