import Engine
import Foundation
import GroundedCore

/// Retrieval, answer and decline quality of an engine on doc2dial-format questions whose
/// documents it has ingested.
///
/// Query kinds: first-turn questions; every question by its latest turn alone; every question
/// with its conversation (`GroundedEngine.ask(conversation:)`). A chunk is relevant when it is
/// in the gold document and overlaps the gold answer span.
public struct Doc2DialEvaluation: Sendable {
    /// The engines questions are asked of (one per cross-validation fold, or one), all over the
    /// same index; `fold` picks a question's.
    public let engines: [GroundedEngine]
    public let fold: @Sendable (Doc2DialQuestion) -> Int
    public let questions: [Doc2DialQuestion]
    /// Documents ranked from this many retrieved chunks.
    public var documentDepth = 50
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init(engine: GroundedEngine, questions: [Doc2DialQuestion]) {
        self.init(engines: [engine], questions: questions) { _ in 0 }
    }

    public init(
        engines: [GroundedEngine], questions: [Doc2DialQuestion], fold: @escaping @Sendable (Doc2DialQuestion) -> Int
    ) {
        precondition(!engines.isEmpty)
        self.engines = engines
        self.questions = questions
        self.fold = fold
    }

    /// What one question scored, kept for per-question analysis.
    public struct QuestionResult: Sendable, Codable {
        public var id: String
        public var firstTurn: Bool
        /// Per query kind: relevance of each of the top 10 chunks, and the gold document's rank.
        public var latest: [Bool], latestDocumentRank: Int?
        public var history: [Bool], historyDocumentRank: Int?
        public var relevantChunks: Int
        public var answer: String
        public var answerF1: Double, answerExact: Double
        public var answered: Bool, citationOverlapsGold: Bool
        /// Whether the engine declined with the gold document removed from the index.
        public var declinedWithoutGold: Bool
    }

    public struct Report: Sendable, Codable {
        public var questions: Int
        public var firstTurnQuestions: Int
        public var chunks: ChunkBudget
        public var retrievalFirstTurn: RankingMetrics
        public var retrievalLatestTurn: RankingMetrics
        public var retrievalWithHistory: RankingMetrics
        public var answersFirstTurn: AnswerMetrics
        public var answersWithHistory: AnswerMetrics
        /// Share of questions declined with their gold document removed (should be high), and of
        /// answerable questions declined (should be low); percentages over all questions.
        public var declinedWithoutGold: Double
        public var declinedAnswerable: Double
        public var seconds: Double
    }

    /// Chunk sizes, to compare at the same budget (peers: median at most 150 words).
    public struct ChunkBudget: Sendable, Codable {
        public var chunks: Int
        public var medianWords: Int
        public var meanWords: Double
    }

    /// Runs every question.
    /// - Throws: `EvaluationError` when a question names a document the index lacks; engine errors.
    public func run(progress: (@Sendable (Int) -> Void)? = nil) throws -> (report: Report, results: [QuestionResult]) {
        let start = ContinuousClock.now
        let knowledge = engines[0].knowledge
        // The gold documents' chunk spans, to count relevant chunks.
        var spansByDocument: [String: [TextSpan]] = [:]
        for chunk in knowledge.chunks.values {
            spansByDocument[knowledge.document(of: chunk).metadata.id, default: []].append(chunk.span)
        }
        let goldSpans = spansByDocument
        for q in questions where goldSpans[q.documentID] == nil {
            throw EvaluationError(
                "question \(q.id) names document \(q.documentID), which the index does not hold: ingest the matching "
                    + "documents"
            )
        }
        let words = knowledge.chunks.values.map {
            knowledge.text(of: $0).split(whereSeparator: { $0.isWhitespace }).count
        }.sorted()

        let all = try parallelMap(questions.count, threads: threads) { i in
            defer { progress?(i) }
            return try evaluate(questions[i], spans: goldSpans[questions[i].documentID] ?? [])
        }

        var first = RankingMetrics()
        var latest = RankingMetrics()
        var history = RankingMetrics()
        var answersFirst = AnswerMetrics()
        var answersHistory = AnswerMetrics()
        var declinedWithout = 0
        var declinedAnswerable = 0
        for r in all {
            latest.add(relevant: r.latest, relevantCount: r.relevantChunks, goldDocumentRank: r.latestDocumentRank)
            history.add(relevant: r.history, relevantCount: r.relevantChunks, goldDocumentRank: r.historyDocumentRank)
            answersHistory.add(
                f1: r.answerF1, exact: r.answerExact, citationOverlaps: r.citationOverlapsGold, answered: r.answered)
            if r.firstTurn {
                first.add(relevant: r.latest, relevantCount: r.relevantChunks, goldDocumentRank: r.latestDocumentRank)
                answersFirst.add(
                    f1: r.answerF1, exact: r.answerExact, citationOverlaps: r.citationOverlapsGold, answered: r.answered
                )
            }
            if r.declinedWithoutGold { declinedWithout += 1 }
            if !r.answered { declinedAnswerable += 1 }
        }
        let n = Double(max(all.count, 1))
        let report = Report(
            questions: all.count, firstTurnQuestions: first.questions,
            chunks: ChunkBudget(
                chunks: words.count, medianWords: words.isEmpty ? 0 : words[words.count / 2],
                meanWords: Double(words.reduce(0, +)) / Double(max(words.count, 1))),
            retrievalFirstTurn: first.percentages, retrievalLatestTurn: latest.percentages,
            retrievalWithHistory: history.percentages, answersFirstTurn: answersFirst.percentages,
            answersWithHistory: answersHistory.percentages,
            declinedWithoutGold: 100 * Double(declinedWithout) / n,
            declinedAnswerable: 100 * Double(declinedAnswerable) / n,
            seconds: (ContinuousClock.now - start).seconds)
        return (report, all)
    }

    /// One question: both retrieval kinds, the conversational answer, and the answer without the
    /// gold document. (A first-turn question's conversation is the question alone, so its latest
    /// and history rankings coincide.)
    func evaluate(_ q: Doc2DialQuestion, spans: [TextSpan]) throws -> QuestionResult {
        let engine = engines[fold(q) % engines.count]
        let gold = TextSpan(start: q.answer.start, end: q.answer.end)
        let filter = RetrievalFilter.everything
        func judge(_ hits: [SearchHit]) -> ([Bool], Int?) {
            let relevant = hits.prefix(10).map { $0.documentID == q.documentID && $0.span.overlaps(gold) }
            var documents: [String] = []
            for h in hits where !documents.contains(h.documentID) { documents.append(h.documentID) }
            return (relevant, documents.firstIndex(of: q.documentID).map { $0 + 1 })
        }
        let latest = judge(try engine.retriever.search(q.question, k: documentDepth, filter: filter))
        let conversation = q.conversation
        let history =
            q.isFirstTurn
            ? latest : judge(try engine.retriever.search(conversation: conversation, k: documentDepth, filter: filter))

        let answer = try engine.ask(conversation: conversation, filter: filter)
        let text = answer.sentences.map(\.text).joined(separator: " ")
        let overlaps = answer.sentences.contains {
            $0.citation.documentID == q.documentID && $0.citation.span.overlaps(gold)
        }
        var without = filter
        without.excludedDocumentIDs = [q.documentID]
        let declined = try engine.ask(conversation: conversation, filter: without).status == .declined
        return QuestionResult(
            id: q.id, firstTurn: q.isFirstTurn, latest: latest.0, latestDocumentRank: latest.1,
            history: history.0, historyDocumentRank: history.1,
            relevantChunks: spans.filter { $0.overlaps(gold) }.count,
            answer: text, answerF1: answer.status == .answered ? AnswerScoring.f1(text, q.answer.text) : 0,
            answerExact: answer.status == .answered ? AnswerScoring.exactMatch(text, q.answer.text) : 0,
            answered: answer.status == .answered, citationOverlapsGold: overlaps, declinedWithoutGold: declined)
    }
}
