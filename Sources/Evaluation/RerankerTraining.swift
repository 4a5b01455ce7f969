import Dispatch
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
        let slots = UnsafeMutableBufferPointer<[Query]>.allocate(capacity: questions.count)
        slots.initialize(repeating: [])
        defer { slots.deallocate() }
        let output = ResultSlots(buffer: slots)
        let failure = FirstError()
        let parts = max(1, min(threads, questions.count))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for i in stride(from: part, to: questions.count, by: parts) where !failure.isSet {
                let q = questions[i]
                let gold = TextSpan(start: q.answer.start, end: q.answer.end)
                var kinds = [[WeightedQuery(q.question)]]
                if !q.isFirstTurn { kinds.append(retriever.configuration.conversation.queries(q.conversation)) }
                do {
                    output.buffer[i] = try kinds.map { queries in
                        let scored = try retriever.candidates(queries, filter: .everything, depth: depth)
                        return Query(questionIndex: i, conversational: queries.count > 1, features: scored.map(\.1),
                                     relevant: scored.map { $0.0.documentID == q.documentID && $0.0.span.overlaps(gold) })
                    }
                } catch { failure.set(error) }
            }
        }
        if let error = failure.error { throw error }
        return slots.flatMap { $0 }
    }

    /// Fits weights on `queries` (the bias stays 0: a pairwise model cannot see it).
    public func fit(_ queries: [Query]) throws -> LinearReranker {
        // Differences positive − negative within each query.
        var pairs: [[Double]] = []
        for q in queries {
            for (p, isP) in q.relevant.enumerated() where isP {
                for (n, isN) in q.relevant.enumerated() where !isN {
                    pairs.append(zip(q.features[p].values, q.features[n].values).map { $0 - $1 })
                }
            }
        }
        let d = RerankFeatures.names.count
        var w = [Double](repeating: 0, count: d)
        guard !pairs.isEmpty else { return try LinearReranker(bias: 0, weights: w) }
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: d)
            for x in pairs {
                let z = zip(w, x).reduce(0) { $0 + $1.0 * $1.1 }
                let g = -1 / (1 + exp(z))              // d/dz of log(1 + e^−z)
                for j in 0..<d { gradient[j] += g * x[j] }
            }
            for j in 0..<d { w[j] -= learningRate * (gradient[j] / Double(pairs.count) + l2 * w[j]) }
        }
        return try LinearReranker(bias: 0, weights: w)
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
