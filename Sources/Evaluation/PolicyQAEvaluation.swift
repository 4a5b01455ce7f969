import Engine
import Foundation
import GroundedCore

/// PolicyQA (SQuAD v1.1 JSON over privacy-policy segments): every segment becomes a document
/// tagged with its policy; each question is retrieved and answered within its own policy, as
/// the dataset's templated questions recur across policies.
public struct PolicyQAEvaluation: Sendable {
    struct File: Decodable {
        struct Policy: Decodable {
            var title: String
            var paragraphs: [Paragraph]
        }
        struct Paragraph: Decodable {
            var context: String
            var qas: [QA]
        }
        struct QA: Decodable {
            var id: String
            var question: String
            var answers: [Answer]
        }
        struct Answer: Decodable {
            var text: String
            var answer_start: Int
        }
        var data: [Policy]
    }

    /// One question: its policy, its gold segment (a document id) and its gold answers.
    public struct Question: Sendable {
        public var id: String
        public var policy: String
        public var segment: String
        public var question: String
        public var answers: [String]
    }

    public struct Report: Sendable, Codable {
        public var policies: Int
        public var segments: Int
        public var questions: Int
        /// Gold segment among the policy's segments (document recall; chunk recall counts chunks
        /// of the gold segment).
        public var retrieval: RankingMetrics
        /// Token F1 and exact match: the best over the gold answers.
        public var answers: AnswerMetrics
        public var seconds: Double
    }

    /// How one question fared: what the engine answered and how it scored.
    public struct Result: Sendable, Codable {
        public var id: String
        public var policy: String
        public var question: String
        public var gold: [String]
        public var status: String
        public var answer: String
        public var f1: Double
        public var citesGoldSegment: Bool
    }

    public let questions: [Question]
    /// The segments as JSONL documents (`doc_id`, `title`, `text`, `product` = the policy).
    public let documentsJSONL: String
    public let policies: Int
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    /// Reads a PolicyQA-format file.
    /// - Throws: `EvaluationError` when it is not SQuAD v1.1 JSON or holds no questions.
    public init(file url: URL, limit: Int = 0) throws {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: try Data(contentsOf: url)) } catch {
            throw EvaluationError("\(url.path) is not a PolicyQA (SQuAD v1.1) file: \(error)")
        }
        var lines: [String] = []
        var qs: [Question] = []
        for (p, policy) in file.data.enumerated() {
            for (s, paragraph) in policy.paragraphs.enumerated() {
                let id = "policy\(p)#\(s)"
                let record = ["doc_id": id, "title": policy.title, "text": paragraph.context, "product": "policy\(p)"]
                lines.append(String(decoding: try JSONEncoder().encode(record), as: UTF8.self))
                for qa in paragraph.qas where !qa.answers.isEmpty {
                    qs.append(
                        Question(
                            id: qa.id, policy: "policy\(p)", segment: id, question: qa.question,
                            answers: qa.answers.map(\.text)))
                }
            }
        }
        guard !qs.isEmpty else { throw EvaluationError("\(url.path) holds no questions with answers") }
        questions = limit > 0 ? Array(qs.prefix(limit)) : qs
        documentsJSONL = lines.joined(separator: "\n") + "\n"
        policies = file.data.count
    }

    /// Ingests the segments into `index` (a folder) with `embedder` and evaluates every question
    /// with the engine `models` gives.
    public func run(
        index: URL, embedder: EmbedderChoice, retrieval: RetrievalConfiguration = .init(),
        answers: AnswerConfiguration = .init(), models: ModelChoice = .shipped
    ) throws -> Report {
        try runWithResults(index: index, embedder: embedder, retrieval: retrieval, answers: answers, models: models)
            .report
    }

    /// `run`, with how each question fared.
    public func runWithResults(
        index: URL, embedder: EmbedderChoice, retrieval: RetrievalConfiguration = .init(),
        answers: AnswerConfiguration = .init(),
        models: ModelChoice = .shipped
    ) throws -> (report: Report, results: [Result]) {
        let start = ContinuousClock.now
        let corpus = FileManager.default.temporaryDirectory.appendingPathComponent(
            "policyqa-segments-\(UUID().uuidString.prefix(8)).jsonl")
        try AtomicFile.write(Array(documentsJSONL.utf8), to: corpus)
        defer { try? FileManager.default.removeItem(at: corpus) }
        let ingest = try GroundedEngine.ingest(corpus: corpus, index: index, options: IngestOptions(embedder: embedder))
        let engine = try GroundedEngine(index: index, retrieval: retrieval, answers: answers, models: models)

        struct One {
            var relevant: [Bool]
            var relevantCount: Int
            var rank: Int?
            var exact: Double
            var result: Result
        }
        var chunksBySegment: [String: Int] = [:]
        for c in engine.knowledge.chunks.values {
            chunksBySegment[engine.knowledge.document(of: c).metadata.id, default: 0] += 1
        }
        let counts = chunksBySegment
        let results = try parallelMap(questions.count, threads: threads) { i -> One in
            let q = questions[i]
            let filter = RetrievalFilter(
                audiences: Set(DocumentMetadata.Audience.allCases), fields: ["product": q.policy], asOf: nil)
            let hits = try engine.search(q.question, k: 10, filter: filter)
            var segments: [String] = []
            for h in hits where !segments.contains(h.documentID) { segments.append(h.documentID) }
            let answer = try engine.ask(q.question, filter: filter)
            // A short fact, when the question asks for one, is the answer; else its sentences.
            let text = answer.shortAnswer?.quote ?? answer.sentences.map(\.text).joined(separator: " ")
            let ok = answer.status == .answered
            let f1 = ok ? q.answers.map { AnswerScoring.f1(text, $0) }.max() ?? 0 : 0
            let cites = answer.sentences.contains { $0.citation.documentID == q.segment }
            return One(
                relevant: hits.map { $0.documentID == q.segment }, relevantCount: counts[q.segment] ?? 1,
                rank: segments.firstIndex(of: q.segment).map { $0 + 1 },
                exact: ok ? q.answers.map { AnswerScoring.exactMatch(text, $0) }.max() ?? 0 : 0,
                result: Result(
                    id: q.id, policy: q.policy, question: q.question, gold: q.answers,
                    status: answer.status.rawValue, answer: text, f1: f1, citesGoldSegment: cites))
        }
        var retrievalMetrics = RankingMetrics()
        var answerMetrics = AnswerMetrics()
        for one in results {
            retrievalMetrics.add(relevant: one.relevant, relevantCount: one.relevantCount, goldDocumentRank: one.rank)
            answerMetrics.add(
                f1: one.result.f1, exact: one.exact, citationOverlaps: one.result.citesGoldSegment,
                answered: one.result.status == GroundedAnswer.Status.answered.rawValue)
        }
        let report = Report(
            policies: policies, segments: ingest.documents, questions: questions.count,
            retrieval: retrievalMetrics.percentages, answers: answerMetrics.percentages,
            seconds: (ContinuousClock.now - start).seconds)
        return (report, results.map(\.result))
    }
}
