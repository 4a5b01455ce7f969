import Engine
import Foundation

/// Fits a `LinearReranker` on doc2dial-format questions: pairwise logistic regression (a
/// relevant candidate should outscore each irrelevant one of the same query), by gradient
/// descent, with L2 regularisation. Deterministic.
public struct RerankerTraining: Sendable {
    /// One query's candidates: features and whether each is relevant.
    public struct Query: Sendable {
        public var questionIndex: Int
        /// Whether the query is a conversation's (several turns) rather than one question.
        public var conversational: Bool
        public var features: [RerankFeatures]
        public var relevant: [Bool]
        /// The candidates' chunks, in the order of `features`.
        public var chunkIDs: [Int64]
    }

    public var iterations = 300
    public var learningRate = 0.5
    public var l2 = 1e-3

    public init() {}

    /// The candidates of every question: its first turn alone, and, for later turns, the
    /// conversational query (both kinds the engine serves).
    public static func queries(
        engine: GroundedEngine, questions: [Doc2DialQuestion], depth: Int,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> [Query] {
        let retriever = engine.retriever
        return try parallelMap(questions.count, threads: threads) { i in
            let q = questions[i]
            let gold = TextSpan(start: q.answer.start, end: q.answer.end)
            var kinds = [[WeightedQuery(q.question)]]
            if !q.isFirstTurn { kinds.append(retriever.configuration.conversation.queries(q.conversation)) }
            return try kinds.map { queries in
                let scored = try retriever.candidates(queries, filter: .everything, depth: depth)
                return Query(
                    questionIndex: i, conversational: queries.count > 1, features: scored.map(\.1),
                    relevant: scored.map { $0.0.documentID == q.documentID && $0.0.span.overlaps(gold) },
                    chunkIDs: scored.map(\.0.chunkID))
            }
        }.flatMap { $0 }
    }

    /// Fits weights on `queries` (the bias stays 0: a pairwise model cannot see it).
    public func fit(_ queries: [Query]) throws -> LinearReranker {
        try LinearReranker(
            bias: 0,
            weights: pairwise(
                queries.map { ($0.features.map(\.values), $0.relevant) },
                dimension: RerankFeatures.names.count))
    }

    /// Fits a sentence model on groups of candidate sentences (one group per question), each
    /// sentence with its gain: its token F1 against the gold answer. The best sentences of a
    /// group (gain at least `sentenceMinimumGain` and within 80% of the group's best) should
    /// outscore those with less than half their gain, each pair weighted by the gain difference:
    /// the model learns what makes an answer score, not merely touch the gold span.
    public func fitSentences(_ groups: [(features: [SentenceFeatures], gains: [Double])]) throws -> SentenceModel {
        var pairs: [(x: [Double], weight: Double)] = []
        for g in groups {
            guard let best = g.gains.max(), best >= sentenceMinimumGain else { continue }
            for (p, gp) in g.gains.enumerated() where gp >= 0.8 * best {
                for (n, gn) in g.gains.enumerated() where gn < 0.5 * gp {
                    pairs.append((zip(g.features[p].values, g.features[n].values).map { $0 - $1 }, gp - gn))
                }
            }
        }
        return try SentenceModel(weights: descend(pairs, dimension: SentenceFeatures.names.count))
    }

    /// Fits an answerability model: logistic regression (with bias, L2, gradient descent) of
    /// whether the sentence an answer would lead with is useful.
    public func fitAnswerability(_ examples: [(features: SentenceFeatures, useful: Bool)]) throws -> AnswerabilityModel
    {
        let d = SentenceFeatures.names.count
        var w = [Double](repeating: 0, count: d)
        var b = 0.0
        guard !examples.isEmpty else { return try AnswerabilityModel(bias: 0, weights: w) }
        let n = Double(examples.count)
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: d)
            var gb = 0.0
            for (f, useful) in examples {
                let z = b + zip(w, f.values).reduce(0) { $0 + $1.0 * $1.1 }
                let g = 1 / (1 + exp(-z)) - (useful ? 1 : 0)  // d/dz of the log loss
                for j in 0..<d { gradient[j] += g * f.values[j] }
                gb += g
            }
            for j in 0..<d { w[j] -= learningRate * (gradient[j] / n + l2 * w[j]) }
            b -= learningRate * gb / n
        }
        return try AnswerabilityModel(bias: b, weights: w)
    }

    /// Each question's answerability examples from the engine `engineFor` picks for it: the
    /// sentence its answer would lead with (the sentence model's pick) with the whole index —
    /// useful when its token F1 against the gold answer reaches `sentenceMinimumGain` — and, never
    /// useful, with the gold document removed (a near miss: its neighbours remain) and, with
    /// `offDomain`, with every document of the question's domain removed (a question about
    /// something the knowledge base does not cover at all).
    public func answerabilityExamples(
        questions: [Doc2DialQuestion], engineFor: @Sendable (Doc2DialQuestion) -> GroundedEngine,
        offDomain: Bool = false,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws
        -> [[(features: SentenceFeatures, useful: Bool)]]
    {
        let minimumGain = sentenceMinimumGain
        return try parallelMap(questions.count, threads: threads) { i in
            let q = questions[i]
            let engine = engineFor(q)
            func lead(_ filter: RetrievalFilter) throws -> AnswerComposer.ScoredSentence? {
                try Self.lead(engine: engine, conversation: q.conversation, filter: filter)
            }
            var without = RetrievalFilter.everything
            without.excludedDocumentIDs = [q.documentID]
            var examples: [(features: SentenceFeatures, useful: Bool)] = []
            if let s = try lead(.everything) {
                examples.append(
                    (s.features, s.documentID == q.documentID && AnswerScoring.f1(s.text, q.answer.text) >= minimumGain)
                )
            }
            if let s = try lead(without) { examples.append((s.features, false)) }
            if offDomain, let domain = q.domain {
                var elsewhere = RetrievalFilter.everything
                elsewhere.excludedDocumentIDs = Set(
                    engine.knowledge.documents.values.filter { $0.metadata.product == domain }.map(\.metadata.id))
                if let s = try lead(elsewhere) { examples.append((s.features, false)) }
            }
            return examples
        }
    }

    /// The sentence the engine's answer would lead with: its sentence model's pick among the
    /// candidates (the heuristic's without one).
    /// - Throws: retrieval errors.
    public static func lead(
        engine: GroundedEngine, conversation: [ConversationTurn], filter: RetrievalFilter = .everything
    ) throws -> AnswerComposer.ScoredSentence? {
        let candidates = try engine.composer.candidates(conversation: conversation, filter: filter)
        guard let model = engine.composer.configuration.sentenceModel else {
            return candidates.max { $0.features.heuristic < $1.features.heuristic }
        }
        return candidates.max { model.score($0.features) < model.score($1.features) }
    }

    /// A sentence must reach this token F1 to serve as a positive example.
    public var sentenceMinimumGain = 0.2

    /// Pairwise logistic regression: within each group, a relevant item should outscore each
    /// irrelevant one. Weights by full-batch gradient descent with L2 regularisation.
    func pairwise(_ groups: [(features: [[Double]], relevant: [Bool])], dimension d: Int) -> [Double] {
        var pairs: [(x: [Double], weight: Double)] = []
        for g in groups {
            for (p, isP) in g.relevant.enumerated() where isP {
                for (n, isN) in g.relevant.enumerated() where !isN {
                    pairs.append((zip(g.features[p], g.features[n]).map { $0 - $1 }, 1))
                }
            }
        }
        return descend(pairs, dimension: d)
    }

    /// Minimises the weighted mean of log(1 + e^(−w·x)) over `pairs`, plus L2, by gradient descent.
    func descend(_ pairs: [(x: [Double], weight: Double)], dimension d: Int) -> [Double] {
        var w = [Double](repeating: 0, count: d)
        guard !pairs.isEmpty else { return w }
        let total = pairs.reduce(0) { $0 + $1.weight }
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: d)
            for (x, weight) in pairs {
                let z = zip(w, x).reduce(0) { $0 + $1.0 * $1.1 }
                let g = -weight / (1 + exp(z))  // d/dz of weight · log(1 + e^−z)
                for j in 0..<d { gradient[j] += g * x[j] }
            }
            for j in 0..<d { w[j] -= learningRate * (gradient[j] / total + l2 * w[j]) }
        }
        return w
    }

    /// Each question's candidate answer sentences, from the engine `engineFor` picks for it, with
    /// each one's token F1 against the gold answer (0 outside the gold document).
    public static func sentences(
        questions: [Doc2DialQuestion], engineFor: @Sendable (Doc2DialQuestion) -> GroundedEngine,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws
        -> [(features: [SentenceFeatures], gains: [Double])]
    {
        try parallelMap(questions.count, threads: threads) { i in
            let q = questions[i]
            let candidates = try engineFor(q).composer.candidates(conversation: q.conversation, filter: .everything)
            return (
                candidates.map(\.features),
                candidates.map { $0.documentID == q.documentID ? AnswerScoring.f1($0.text, q.answer.text) : 0 }
            )
        }
    }

    /// The fold of a question for k-fold cross-validation: by dialogue, so no fold is scored by a
    /// model that saw another turn of the same conversation.
    public static func fold(of q: Doc2DialQuestion, folds: Int) -> Int {
        let key = q.dialogueID ?? q.id
        var h: UInt64 = 14_695_981_039_346_656_037  // FNV-1a: stable across runs and platforms
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
        return Int(h % UInt64(folds))
    }
}
