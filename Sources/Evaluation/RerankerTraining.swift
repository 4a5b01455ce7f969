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
    }

    public var iterations = 300
    public var learningRate = 0.5
    public var l2 = 1e-3

    public init() {}

    /// The candidates of every question: its first turn alone, and, for later turns, the
    /// conversational query (both kinds the engine serves).
    public static func queries(engine: GroundedEngine, questions: [Doc2DialQuestion], depth: Int,
                               threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [Query] {
        let retriever = engine.retriever
        return try parallelMap(questions.count, threads: threads) { i in
            let q = questions[i]
            let gold = TextSpan(start: q.answer.start, end: q.answer.end)
            var kinds = [[WeightedQuery(q.question)]]
            if !q.isFirstTurn { kinds.append(retriever.configuration.conversation.queries(q.conversation)) }
            return try kinds.map { queries in
                let scored = try retriever.candidates(queries, filter: .everything, depth: depth)
                return Query(questionIndex: i, conversational: queries.count > 1, features: scored.map(\.1),
                             relevant: scored.map { $0.0.documentID == q.documentID && $0.0.span.overlaps(gold) })
            }
        }.flatMap { $0 }
    }

    /// Fits weights on `queries` (the bias stays 0: a pairwise model cannot see it).
    public func fit(_ queries: [Query]) throws -> LinearReranker {
        try LinearReranker(bias: 0, weights: pairwise(queries.map { ($0.features.map(\.values), $0.relevant) },
                                                      dimension: RerankFeatures.names.count))
    }

    /// Fits a sentence model on groups of candidate sentences (one group per question).
    public func fitSentences(_ groups: [(features: [SentenceFeatures], relevant: [Bool])]) throws -> SentenceModel {
        try SentenceModel(weights: pairwise(groups.map { ($0.features.map(\.values), $0.relevant) },
                                            dimension: SentenceFeatures.names.count))
    }

    /// Pairwise logistic regression: within each group, a relevant item should outscore each
    /// irrelevant one. Weights by full-batch gradient descent with L2 regularisation.
    func pairwise(_ groups: [(features: [[Double]], relevant: [Bool])], dimension d: Int) -> [Double] {
        var pairs: [[Double]] = []
        for g in groups {
            for (p, isP) in g.relevant.enumerated() where isP {
                for (n, isN) in g.relevant.enumerated() where !isN {
                    pairs.append(zip(g.features[p], g.features[n]).map { $0 - $1 })
                }
            }
        }
        var w = [Double](repeating: 0, count: d)
        guard !pairs.isEmpty else { return w }
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: d)
            for x in pairs {
                let z = zip(w, x).reduce(0) { $0 + $1.0 * $1.1 }
                let g = -1 / (1 + exp(z))              // d/dz of log(1 + e^−z)
                for j in 0..<d { gradient[j] += g * x[j] }
            }
            for j in 0..<d { w[j] -= learningRate * (gradient[j] / Double(pairs.count) + l2 * w[j]) }
        }
        return w
    }

    /// Each question's candidate answer sentences, from the engine `engineFor` picks for it, with
    /// whether each overlaps the gold span.
    public static func sentences(questions: [Doc2DialQuestion], engineFor: @Sendable (Doc2DialQuestion) -> GroundedEngine,
                                 threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws
        -> [(features: [SentenceFeatures], relevant: [Bool])] {
        try parallelMap(questions.count, threads: threads) { i in
            let q = questions[i]
            let gold = TextSpan(start: q.answer.start, end: q.answer.end)
            let candidates = try engineFor(q).composer.candidates(conversation: q.conversation, filter: .everything)
            return (candidates.map(\.features), candidates.map { $0.documentID == q.documentID && $0.span.overlaps(gold) })
        }
    }

    /// The fold of a question for k-fold cross-validation: by dialogue, so no fold is scored by a
    /// model that saw another turn of the same conversation.
    public static func fold(of q: Doc2DialQuestion, folds: Int) -> Int {
        let key = q.dialogueID ?? q.id
        var h: UInt64 = 14695981039346656037            // FNV-1a: stable across runs and platforms
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
        return Int(h % UInt64(folds))
    }
}
