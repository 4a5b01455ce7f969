import GroundedCore
import Knowledge
import LexicalIndex

/// What a reranker knows about one fused candidate: how the retrievers ranked it and how well its
/// text, title and headings cover the query. Every feature is 0...1 (or close), so weights compare.
///
/// `sentenceVector`: the query's embedding against the chunk's closest sentence (a chunk's own
/// embedding averages its point away); `contextSentenceVector`: the same for the weighted mean of
/// every query's similarity (a conversation's turns together).
public struct RerankFeatures: FeatureVector, Sendable, Hashable {
    /// Feature names, in `values` order (the weights of `LinearReranker` follow this order).
    public static let names = [
        "fused", "fusedRank", "vector", "lexical", "coverage", "titleCoverage", "headingCoverage",
        "phrase", "contextCoverage", "documentSupport", "leading", "sentenceVector", "contextSentenceVector",
    ]

    /// The fused (RRF) score, over the most a candidate could get.
    public var fused: Double
    /// 1 / (fused rank + 1).
    public var fusedRank: Double
    /// The query's cosine similarity to the chunk (0 when negative or absent).
    public var vector: Double
    /// The BM25 score over the best of the search.
    public var lexical: Double
    /// The share of the query's term weight the chunk's text holds.
    public var coverage: Double
    /// The same for its document's title.
    public var titleCoverage: Double
    /// The same for its heading path.
    public var headingCoverage: Double
    /// The share of the query's word pairs the chunk repeats.
    public var phrase: Double
    /// The share of every query's term weight (a conversation's turns) the chunk, title and headings hold.
    public var contextCoverage: Double
    /// Its document's support among the hits, over the best-supported document's.
    public var documentSupport: Double
    /// 1 / (1 + the chunk's place in its document): broad questions are answered by an opening.
    public var leading: Double
    /// The query's embedding against the chunk's closest sentence.
    public var sentenceVector: Double
    /// The same for the weighted mean of every query's similarity.
    public var contextSentenceVector: Double

    public init(
        fused: Double, fusedRank: Double, vector: Double, lexical: Double, coverage: Double, titleCoverage: Double,
        headingCoverage: Double, phrase: Double, contextCoverage: Double, documentSupport: Double, leading: Double,
        sentenceVector: Double, contextSentenceVector: Double
    ) {
        self.fused = fused
        self.fusedRank = fusedRank
        self.vector = vector
        self.lexical = lexical
        self.coverage = coverage
        self.titleCoverage = titleCoverage
        self.headingCoverage = headingCoverage
        self.phrase = phrase
        self.contextCoverage = contextCoverage
        self.documentSupport = documentSupport
        self.leading = leading
        self.sentenceVector = sentenceVector
        self.contextSentenceVector = contextSentenceVector
    }

    /// The features from their values in `names` order.
    /// - Precondition: `values.count == names.count`.
    public init(values: [Double]) {
        precondition(values.count == Self.names.count, "expected \(Self.names.count) features")
        fused = values[0]
        fusedRank = values[1]
        vector = values[2]
        lexical = values[3]
        coverage = values[4]
        titleCoverage = values[5]
        headingCoverage = values[6]
        phrase = values[7]
        contextCoverage = values[8]
        documentSupport = values[9]
        leading = values[10]
        sentenceVector = values[11]
        contextSentenceVector = values[12]
    }

    /// The values in `names` order.
    public var values: [Double] {
        [
            fused, fusedRank, vector, lexical, coverage, titleCoverage, headingCoverage, phrase, contextCoverage,
            documentSupport, leading, sentenceVector, contextSentenceVector,
        ]
    }
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

    init(knowledge: KnowledgeBase, queries: [AnalyzedQuery]) {
        self.knowledge = knowledge
        vectors = queries.filter { !$0.vector.isEmpty && $0.weight > 0 }.map { ($0.vector, $0.weight) }
        primary = queries.first?.terms ?? []
        weights = Set(primary).sorted().map { (key: $0, value: knowledge.lexical.idf($0)) }
        total = weights.reduce(0) { $0 + $1.value }
        var all = Set<String>()
        for q in queries { all.formUnion(q.terms) }
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
            return RerankFeatures(
                fused: weightSum > 0 ? h.score * (rrfK + 1) / weightSum : 0, fusedRank: 1 / Double(rank + 1),
                vector: max(0, h.vectorSimilarity ?? 0),
                lexical: maxLexical > 0 ? (h.lexicalScore ?? 0) / maxLexical : 0, coverage: coverage(terms),
                titleCoverage: coverage(title), headingCoverage: coverage(headings), phrase: phrase,
                contextCoverage: contextCoverage,
                documentSupport: maxSupport > 0 ? (support[h.documentID] ?? 0) / maxSupport : 0,
                // Broad questions are answered by a document's opening.
                leading: 1 / Double(1 + (chunk?.ordinal ?? 0)),
                sentenceVector: sentences.primary, contextSentenceVector: sentences.context)
        }
    }
}
