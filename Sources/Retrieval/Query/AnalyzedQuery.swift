import Embeddings
import GroundedCore
import Knowledge

/// One weighted query as the retriever reads it: its analysed terms and its embedding, computed
/// once per search and shared by both retrievers and the reranking features.
///
/// Thread safety: a value type; immutable once made.
struct AnalyzedQuery: Sendable {
    var text: String
    var weight: Double
    /// The analyzer's terms of `text`, in order (BM25 and the coverage features read them).
    var terms: [String]
    /// The embedding of `text`; empty when the vector side is off or the query has no weight.
    var vector: [Float]

    /// Analyses every query once: terms always, an embedding only where `embedding` is true and
    /// the query has weight.
    /// - Throws: the embedder's errors.
    static func analyze(
        _ queries: [WeightedQuery], knowledge: KnowledgeBase, embedding: Bool
    ) throws -> [AnalyzedQuery] {
        try queries.map { q in
            AnalyzedQuery(
                text: q.text, weight: q.weight, terms: knowledge.analyzer.terms(q.text),
                vector: embedding && q.weight > 0 ? try knowledge.embedder.embed(q.text) : [])
        }
    }
}
