import GroundedCore
import Knowledge
import LexicalIndex

/// What a reranker knows about one fused candidate: how the retrievers ranked it and how well its
/// text, title and headings cover the query. Every feature is 0...1 (or close), so weights compare.
///
/// `sentenceVector`: the query's embedding against the chunk's closest sentence (a chunk's own
/// embedding averages its point away); `contextSentenceVector`: the same for the weighted mean of
/// every query's similarity (a conversation's turns together).
public struct RerankFeatures: Sendable, Hashable, Codable {
    /// Feature names, in `values` order (the weights of `LinearReranker` follow this order).
    public static let names = [
        "fused", "fusedRank", "vector", "lexical", "coverage", "titleCoverage", "headingCoverage",
        "phrase", "contextCoverage", "documentSupport", "leading", "sentenceVector", "contextSentenceVector",
    ]

    public var values: [Double]

    public init(values: [Double]) {
        precondition(values.count == Self.names.count, "expected \(Self.names.count) features")
        self.values = values
    }

    public subscript(_ name: String) -> Double { values[Self.names.firstIndex(of: name)!] }
}

/// Computes `RerankFeatures` for the candidates of one search.
struct RerankFeatureExtractor {
    let knowledge: KnowledgeBase
    /// The primary query's terms (the latest turn) in order; IDF weights of its terms and of
    /// every query's terms, in term order (sums in a fixed order: the same features in every
    /// process, where a dictionary's order changes).
    let primary: [String]
    let weights: [(key: String, value: Double)]
    let total: Double
    let contextWeights: [(key: String, value: Double)]
    let contextTotal: Double
    /// Every query's embedding with its weight (queries without one left out).
    let vectors: [(vector: [Float], weight: Double)]

    init(knowledge: KnowledgeBase, queries: [WeightedQuery], vectors: [[Float]]) {
        self.knowledge = knowledge
        self.vectors = zip(queries, vectors).filter { !$0.1.isEmpty && $0.0.weight > 0 }.map { ($1, $0.weight) }
        primary = knowledge.analyzer.terms(queries.first?.text ?? "")
        weights = Set(primary).sorted().map { (key: $0, value: knowledge.lexical.idf($0)) }
        total = weights.reduce(0) { $0 + $1.value }
        var all = Set<String>()
        for q in queries { all.formUnion(knowledge.analyzer.terms(q.text)) }
        contextWeights = all.sorted().map { (key: $0, value: knowledge.lexical.idf($0)) }
        contextTotal = contextWeights.reduce(0) { $0 + $1.value }
    }

    private func coverage(_ terms: Set<String>) -> Double {
        total > 0 ? weights.reduce(0) { $0 + (terms.contains($1.key) ? $1.value : 0) } / total : 0
    }

    /// The best sentence's similarity to the primary query, and the best weighted-mean similarity
    /// over every query; 0 without sentence embeddings.
    private func sentenceSimilarity(_ chunkID: Int64) -> (primary: Double, context: Double) {
        guard let first = vectors.first else { return (0, 0) }
        let primary = knowledge.sentenceSimilarities(first.vector, chunk: chunkID)
        guard !primary.isEmpty else { return (0, 0) }
        var mean = primary.map { $0 * first.weight }
        for (v, w) in vectors.dropFirst() {
            for (i, s) in knowledge.sentenceSimilarities(v, chunk: chunkID).enumerated() { mean[i] += w * s }
        }
        let weight = vectors.reduce(0) { $0 + $1.weight }
        return (max(0, primary.max()!), max(0, mean.max()! / weight))
    }

    /// Features of every candidate, in order.
    func features(_ hits: [SearchHit], weightSum: Double, rrfK: Double) -> [RerankFeatures] {
        let maxLexical = hits.compactMap(\.lexicalScore).max() ?? 0
        var support: [String: Double] = [:]
        for h in hits { support[h.documentID, default: 0] += h.score }
        let maxSupport = support.values.max() ?? 0
        let pairs = Set(zip(primary, primary.dropFirst()).map { $0.0 + " " + $0.1 })
        return hits.enumerated().map { rank, h in
            let chunk = knowledge.chunks[h.chunkID]
            let words = chunk.map { knowledge.analyzer.terms(knowledge.text(of: $0)) } ?? []
            let terms = Set(words)
            let title = Set(knowledge.analyzer.terms(h.title))
            let headings = Set(knowledge.analyzer.terms(h.headingPath.joined(separator: " ")))
            let chunkPairs = Set(zip(words, words.dropFirst()).map { $0.0 + " " + $0.1 })
            let phrase = pairs.isEmpty ? 0 : Double(pairs.intersection(chunkPairs).count) / Double(pairs.count)
            let everything = terms.union(title).union(headings)
            let contextCoverage =
                contextTotal > 0
                ? contextWeights.reduce(0) { $0 + (everything.contains($1.key) ? $1.value : 0) } / contextTotal : 0
            let sentences = sentenceSimilarity(h.chunkID)
            return RerankFeatures(values: [
                weightSum > 0 ? h.score * (rrfK + 1) / weightSum : 0,
                1 / Double(rank + 1),
                max(0, h.vectorSimilarity ?? 0),
                maxLexical > 0 ? (h.lexicalScore ?? 0) / maxLexical : 0,
                coverage(terms),
                coverage(title),
                coverage(headings),
                phrase,
                contextCoverage,
                maxSupport > 0 ? (support[h.documentID] ?? 0) / maxSupport : 0,
                // Broad questions are answered by a document's opening.
                1 / Double(1 + (chunk?.ordinal ?? 0)),
                sentences.primary,
                sentences.context,
            ])
        }
    }
}
