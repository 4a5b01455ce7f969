import ArgumentParser
import CommandLineOptions
import Engine
import Evaluation
import Foundation

/// `grounded-lab eval`: the quality reports; `answers` (the default) and `intents`.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure quality on public data, beside peers.",
        subcommands: [Eval.self, EvalIntents.self, EvalQA.self, EvalCorpus.self, EvalMTRAG.self, EvalPolicyQA.self],
        defaultSubcommand: Eval.self)
}

/// `grounded-lab eval [answers]`: retrieval, answer and decline quality on doc2dial-format data (and PolicyQA),
/// printed and written as JSON.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answers",
        abstract:
            "Measure retrieval, answers and declines on doc2dial and PolicyQA (or your own files of the same formats).")

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

    @Option(
        name: .long,
        help:
            """
            Keep the evaluation index in this folder and reuse it while the documents are unchanged (default: a \
            temporary folder).
            """
    )
    var index: String?

    @Option(name: .long, help: "Evaluate only the first N questions (0: all).")
    var limit = 0

    @Option(name: .long, help: "Write the report as JSON to this file.")
    var out: String?

    @Option(
        name: .long,
        help:
            """
            Write the evaluated chunks (chunk_id, doc_id, start, end, text as indexed) as JSONL to this file, for \
            peers to search the same chunks.
            """
    )
    var exportChunks: String?

    @Option(name: .long, help: "Write one JSON line per question to this file.")
    var perQuestion: String?

    @Option(
        name: .long,
        help:
            """
            With --reranker cv: write the reranker's training data (per query: question id, fold, first turn, \
            conversational, each candidate's chunk id, features and relevance) as JSONL to this file.
            """
    )
    var exportRerank: String?

    @OptionGroup var fusion: FusionOptions

    @Option(name: .long, help: "Conversational query: weight of the latest turn with the earlier user turns.")
    var historyWeight = ConversationalQueryConfiguration().historyWeight

    @Option(name: .long, help: "Conversational query: weight of the agent's last reply.")
    var agentWeight = ConversationalQueryConfiguration().agentWeight

    @Option(name: .long, help: "Conversational query: user turns joined into the history query.")
    var userTurns = ConversationalQueryConfiguration().userTurns

    enum RerankerChoice: String, ExpressibleByArgument, CaseIterable {
        case shipped, none, cv
    }

    @Option(
        name: .long,
        help: ArgumentHelp(
            "shipped: the trained models ask and serve use, scored only on questions they were not trained on (the "
                + "held-out part when these are their training questions); none: the fused order, heuristic sentences, "
                + "threshold declines; cv (experiment): models fitted on these questions by 5-fold cross-validation "
                + "(by dialogue), each question scored by the models fitted without its dialogue.",
            valueName: "shipped|none|cv"))
    var reranker: RerankerChoice = .shipped

    @Option(name: .long, help: "Fused candidates the reranker reorders.")
    var rerankDepth = RetrievalConfiguration().rerankDepth

    @Option(name: .long, help: "The most sentences an answer has.")
    var answerSentences = AnswerConfiguration().maxSentences

    @Option(name: .long, help: "Decline when the best sentence scores below this.")
    var declineBelow = AnswerConfiguration().declineBelow

    @Option(
        name: .long, help: "Decline when the best sentence covers less than this share of the question's term weight.")
    var minimumCoverage = AnswerConfiguration().minimumCoverage

    enum DeclineChoice: String, ExpressibleByArgument, CaseIterable {
        case model, thresholds
    }

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --reranker cv: model declines by an answerability model fitted per fold (cross-validated); "
                + "thresholds by --decline-below and --minimum-coverage.",
            valueName: "model|thresholds"))
    var declines: DeclineChoice = .model

    @Option(
        name: .long,
        help: "With --declines model: decline when the model's probability that the answer helps is below this.")
    var declineProbability = AnswerConfiguration().declineProbabilityBelow

    @Option(name: .long, help: "Retrieved chunks whose sentences are answer candidates.")
    var hitsToRead = AnswerConfiguration().hitsToRead

    var answers: AnswerConfiguration {
        var a = AnswerConfiguration()
        a.hitsToRead = hitsToRead
        a.maxSentences = answerSentences
        a.declineBelow = declineBelow
        a.minimumCoverage = minimumCoverage
        a.declineProbabilityBelow = declineProbability
        return a
    }

    var retrieval: RetrievalConfiguration {
        var conversation = ConversationalQueryConfiguration()
        conversation.historyWeight = historyWeight
        conversation.agentWeight = agentWeight
        conversation.userTurns = userTurns
        var r = fusion.retrieval
        r.conversation = conversation
        r.rerankDepth = rerankDepth
        return r
    }

    func run() throws {
        try reportingErrors {
            let temporary = index == nil
            let folder = URL(
                fileURLWithPath: index
                    ?? FileManager.default.temporaryDirectory
                    .appendingPathComponent("grounded-eval-\(UUID().uuidString.prefix(8))").path)
            defer { if temporary { try? FileManager.default.removeItem(at: folder) } }
            let choice = EmbedderChoice(embedder, modelPath: model)
            let ingest = try GroundedEngine.ingest(
                corpus: URL(fileURLWithPath: documents), index: folder, options: IngestOptions(embedder: choice))
            let engine = try GroundedEngine(index: folder, retrieval: retrieval, answers: answers, models: .none)
            if let exportChunks { try Self.export(engine.knowledge, to: exportChunks) }
            var qs = try Doc2DialQuestion.load(URL(fileURLWithPath: questions))
            var shipped: GroundedEngine?
            if reranker == .shipped {
                let (trained, heldOut, note) = try Self.shippedModels(
                    for: engine, retrieval: retrieval, answers: answers, questions: questions)
                shipped = trained
                if let heldOut {
                    qs = qs.filter { RerankerTraining.fold(of: $0, folds: heldOut.parts) == heldOut.part }
                }
                print(note)
            }
            if limit > 0 { qs = Array(qs.prefix(limit)) }
            print(
                "documents: \(ingest.documents) (\(ingest.chunks) chunks), questions: \(qs.count), embedder: "
                    + "\(engine.knowledge.embedder.identifier)"
            )
            let evaluation: Doc2DialEvaluation
            switch reranker {
            case .shipped:
                evaluation = Doc2DialEvaluation(engine: shipped!, questions: qs)
            case .none:
                evaluation = Doc2DialEvaluation(engine: engine, questions: qs)
            case .cv:
                let validated = try CrossValidatedEngines(base: engine, questions: qs, declines: declines == .model)
                print(
                    "reranker (fitted on all questions; figures below are cross-validated): "
                        + zip(RerankFeatures.names, validated.fullReranker.weights).map {
                            "\($0) \(String(format: "%.2f", $1))"
                        }.joined(separator: ", "))
                print(
                    declines == .model
                        ? "answers: sentence model and answerability model cross-validated; "
                            + "declines below \(declineProbability) answerability"
                        : "answers: sentence model cross-validated; "
                            + "declines by thresholds (score \(declineBelow), coverage \(minimumCoverage))"
                )
                evaluation = Doc2DialEvaluation(engines: validated.engines, questions: qs, fold: validated.fold)
                if let exportRerank { try Self.export(validated, questions: qs, to: exportRerank) }
            }
            let (report, results) = try evaluation.run()
            print(EvalReport.render(report))
            var policyReport: PolicyQAEvaluation.Report?
            if !policyqa.isEmpty {
                let policyFolder = URL(fileURLWithPath: folder.path + "-policyqa")
                defer { if temporary { try? FileManager.default.removeItem(at: policyFolder) } }
                let policy = try PolicyQAEvaluation(file: URL(fileURLWithPath: policyqa), limit: limit)
                var single = retrieval
                if reranker == .cv { single.reranker = evaluation.engines.first?.retriever.configuration.reranker }
                let r = try policy.run(
                    index: policyFolder, embedder: choice, retrieval: single, answers: answers,
                    models: reranker == .shipped ? .shipped : .none)
                policyReport = r
                print("")
                print(EvalReport.render(r))
            }
            if let out {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(
                    EvalReport(embedder: engine.knowledge.embedder.identifier, doc2dial: report, policyqa: policyReport)
                ).write(to: URL(fileURLWithPath: out))
                print("wrote \(out)")
            }
            if let perQuestion { try Self.writeJSONLines(results, to: perQuestion) }
        }
    }
}

extension Eval {
    /// The shipped models over `base`'s index; the held-out part to score when `questions` is the
    /// file they were trained on; and a line saying what is scored.
    /// - Throws: `ValidationError` when the product ships no models for the index's embedder.
    static func shippedModels(
        for base: GroundedEngine, retrieval: RetrievalConfiguration, answers: AnswerConfiguration,
        questions: String
    ) throws -> (GroundedEngine, heldOut: (parts: Int, part: Int)?, note: String) {
        let file = try TrainedModelFile.shipped()
        let kind = base.knowledge.build.kind
        let engine = try GroundedEngine(
            knowledge: base.knowledge, retrieval: retrieval, answers: answers, models: .file(file))
        guard let models = file.models(for: kind) else {
            return (
                engine, nil,
                "the product ships no trained models for the \(kind.rawValue) embedder: scoring the heuristics ask "
                    + "runs with it"
            )
        }
        let t = models.training
        switch try models.scoreable(questions: URL(fileURLWithPath: questions)) {
        case .part(let parts, let part):
            return (
                engine, (parts, part),
                "shipped models (trained \(t.date): \(t.command)); scored on the questions they were not trained on: "
                    + "\(t.heldOut)"
            )
        case .all:
            return (engine, nil, "shipped models (trained \(t.date)); \(questions) is not among their training data")
        }
    }

    /// Every chunk as one JSON line, with the text the engine indexes (title and headings first).
    static func export(_ knowledge: KnowledgeBase, to path: String) throws {
        struct Line: Encodable {
            var chunk_id: Int64
            var doc_id: String
            var start: Int
            var end: Int
            var text: String
        }
        let lines = knowledge.chunks.values.sorted(by: { $0.id < $1.id }).map { chunk in
            let d = knowledge.document(of: chunk)
            return Line(
                chunk_id: chunk.id, doc_id: d.metadata.id, start: chunk.span.start, end: chunk.span.end,
                text: Chunk.indexText(
                    title: d.metadata.title, headingPath: chunk.headingPath, text: knowledge.text(of: chunk)))
        }
        try writeJSONLines(lines, to: path)
    }

    /// The reranker's training queries, one JSON line each, for fitting other models on the same data.
    static func export(_ validated: CrossValidatedEngines, questions: [Doc2DialQuestion], to path: String) throws {
        struct Line: Encodable {
            var question: String
            var fold: Int
            var first_turn: Bool
            var conversational: Bool
            var features: [[Double]]
            var relevant: [Bool]
            var chunk_ids: [Int64]
        }
        let fold = validated.fold
        try writeJSONLines(
            validated.rerankQueries.map { query in
                let q = questions[query.questionIndex]
                return Line(
                    question: q.id, fold: fold(q), first_turn: q.isFirstTurn, conversational: query.conversational,
                    features: query.features.map(\.values), relevant: query.relevant, chunk_ids: query.chunkIDs)
            }, to: path)
    }

    /// One JSON object per line (keys sorted), written atomically.
    static func writeJSONLines<T: Encodable>(_ values: [T], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var out = ""
        for v in values { out += String(decoding: try encoder.encode(v), as: UTF8.self) + "\n" }
        try AtomicFile.write(Array(out.utf8), to: URL(fileURLWithPath: path))
    }
}

/// The JSON report of `grounded-lab eval`.
struct EvalReport: Codable {
    var embedder: String
    var doc2dial: Doc2DialEvaluation.Report
    var policyqa: PolicyQAEvaluation.Report?

    static func render(_ r: PolicyQAEvaluation.Report) -> String {
        let m = r.retrieval
        let a = r.answers
        return [
            "PolicyQA: \(r.policies) policies, \(r.segments) segments, \(r.questions) questions; retrieval within each "
                + "policy",
            String(
                format: "  segment R@1 %.1f  R@5 %.1f  R@10 %.1f  MRR@10 %.1f  nDCG@10 %.1f", m.documentRecallAt1,
                m.documentRecallAt5,
                m.documentRecallAt10, m.chunkMRRAt10, m.chunkNDCGAt10),
            String(
                format:
                    "  answers: token F1 %.1f (max over gold answers), exact %.1f, cites the gold segment %.1f, "
                    + "answered %.1f",
                a.tokenF1, a.exactMatch, a.citationOverlapsGold, a.answered),
            String(format: "  evaluated in %.1f s", r.seconds),
        ].joined(separator: "\n")
    }

    static func pad(_ s: String) -> String { s.padding(toLength: 20, withPad: " ", startingAt: 0) }

    static func render(_ r: Doc2DialEvaluation.Report) -> String {
        var lines: [String] = []
        lines.append(
            String(
                format: "chunks: %d, median %d words, mean %.0f", r.chunks.chunks, r.chunks.medianWords,
                r.chunks.meanWords))
        lines.append("")
        lines.append("retrieval (%)            n    chunk R@1  R@5   R@10  MRR@10 nDCG@10 | doc R@1  R@5  R@10")
        for (name, m) in [
            ("first turn", r.retrievalFirstTurn), ("all, latest turn", r.retrievalLatestTurn),
            ("all, with history", r.retrievalWithHistory),
        ] {
            lines.append(
                pad(name)
                    + String(
                        format: "%6d    %5.1f  %5.1f  %5.1f  %5.1f  %5.1f   | %5.1f %5.1f %5.1f", m.questions,
                        m.chunkRecallAt1, m.chunkRecallAt5, m.chunkRecallAt10, m.chunkMRRAt10, m.chunkNDCGAt10,
                        m.documentRecallAt1, m.documentRecallAt5, m.documentRecallAt10))
        }
        lines.append("")
        lines.append("answers (%)              n    token F1  exact  cites gold  answered")
        for (name, m) in [("first turn", r.answersFirstTurn), ("all, with history", r.answersWithHistory)] {
            lines.append(
                pad(name)
                    + String(
                        format: "%6d    %6.1f  %5.1f  %8.1f  %8.1f", m.questions, m.tokenF1, m.exactMatch,
                        m.citationOverlapsGold, m.answered))
        }
        lines.append("")
        lines.append(
            String(
                format:
                    "declines: %.1f%% of questions with their gold document removed (should be high), %.1f%% of "
                    + "answerable ones (should be low)",
                r.declinedWithoutGold, r.declinedAnswerable))
        lines.append(String(format: "evaluated in %.1f s", r.seconds))
        return lines.joined(separator: "\n")
    }
}
