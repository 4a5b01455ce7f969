import Embeddings
import Foundation
import GroundedCore
import Knowledge
import LexicalIndex
import VectorIndex

/// Hybrid search: HNSW over embeddings and BM25 over terms, each filtered, fused by weighted
/// reciprocal rank fusion.
///
/// Thread safety: immutable; `search` may run concurrently.
public struct HybridRetriever: Sendable {
    public let knowledge: KnowledgeBase
    public let configuration: RetrievalConfiguration

    /// - Throws: `RetrievalError` when the configuration is invalid.
    public init(knowledge: KnowledgeBase, configuration: RetrievalConfiguration = .init()) throws {
        try configuration.validate()
        self.knowledge = knowledge
        self.configuration = configuration
    }

    /// The best `k` chunks for `query` among those `filter` admits, best first.
    /// - Throws: embedding or index errors (a dimension mismatch means the index is damaged).
    public func search(_ query: String, k: Int = 10, filter: RetrievalFilter = .init()) throws -> [SearchHit] {
        try search([WeightedQuery(query)], k: k, filter: filter)
    }

    /// The best `k` chunks for a conversation: its turns become weighted queries
    /// (`ConversationalQueryConfiguration`) whose rankings are fused together.
    public func search(
        conversation: [ConversationTurn], k: Int = 10, filter: RetrievalFilter = .init()
    ) throws -> [SearchHit] {
        try search(configuration.conversation.queries(conversation), k: k, filter: filter)
    }

    /// The best `k` chunks for several queries at once: every query runs through both retrievers
    /// and each ranking adds `query weight × retriever weight / (rrfK + rank)` to a chunk's score.
    /// With a reranker configured, the best `rerankDepth` fused chunks are reordered by it.
    public func search(_ queries: [WeightedQuery], k: Int = 10, filter: RetrievalFilter = .init()) throws -> [SearchHit]
    {
        guard k > 0 else { return [] }
        let model =
            queries.count > 1 ? configuration.conversationReranker ?? configuration.reranker : configuration.reranker
        guard let reranker = model else {
            return try fuse(try analyze(queries), depth: k, filter: filter)
        }
        let scored = try candidates(queries, filter: filter, depth: max(k, configuration.rerankDepth))
        return scored.map { hit, features in
            var h = hit
            h.rerankScore = reranker.score(features) + (hit.profileBoost ?? 0) + log(hit.feedbackMultiplier ?? 1)
            h.rerankFeatures = Dictionary(uniqueKeysWithValues: zip(RerankFeatures.names, features.values))
            return h
        }
        .sorted { ($0.rerankScore!, $1.chunkID) > ($1.rerankScore!, $0.chunkID) }
        .prefix(k).map { $0 }
    }

    /// The best `depth` fused chunks with their reranking features, in fused order.
    public func candidates(
        _ queries: [WeightedQuery], filter: RetrievalFilter = .init(), depth: Int
    ) throws -> [(SearchHit, RerankFeatures)] {
        let analyzed = try analyze(queries)
        let hits = try fuse(analyzed, depth: depth, filter: filter)
        let extractor = RerankFeatureExtractor(knowledge: knowledge, queries: analyzed)
        let weightSum =
            queries.reduce(0) { $0 + $1.weight } * (configuration.vectorWeight + configuration.lexicalWeight)
        return Array(zip(hits, extractor.features(hits, weightSum: weightSum, rrfK: configuration.rrfK)))
    }

    /// Each query's terms and embedding, once per search (no embedding when the vector side is off).
    func analyze(_ queries: [WeightedQuery]) throws -> [AnalyzedQuery] {
        try AnalyzedQuery.analyze(queries, knowledge: knowledge, embedding: configuration.vectorWeight > 0)
    }

    /// Weighted reciprocal-rank fusion of every query (analysed once, by `analyze`) through
    /// both retrievers: the best `depth`. With a profile in the filter, each fused score is
    /// multiplied by e^(profile boost); with feedback, by the chunk's feedback multiplier.
    func fuse(
        _ queries: [AnalyzedQuery], depth k: Int, filter: RetrievalFilter
    ) throws -> [SearchHit] {
        guard k > 0, !queries.isEmpty else { return [] }
        let admitted = filter.admittedDocuments(knowledge.documents, profileConfiguration: configuration.profile)
        guard !admitted.isEmpty else { return [] }
        let chunks = knowledge.chunks
        let accept: (Int64) -> Bool = { chunks[$0].map { admitted.contains($0.documentKey) } ?? false }
        let admittedChunks = admitted.reduce(0) { $0 + (knowledge.chunkCounts[$1] ?? 0) }
        let n = max(configuration.candidates, k)

        var fused: [Int64: SearchHit] = [:]
        func hit(_ id: Int64) -> SearchHit? {
            if let h = fused[id] { return h }
            guard let c = chunks[id] else { return nil }
            let d = knowledge.document(of: c)
            var h = SearchHit(
                chunkID: id, documentID: d.metadata.id, documentVersion: d.metadata.version, title: d.metadata.title,
                span: c.span, headingPath: c.headingPath, score: 0)
            if let match = filter.profile?.match(d.metadata, configuration: configuration.profile),
                !match.reasons.isEmpty
            {
                h.profileBoost = match.boost
                h.profileReasons = match.reasons
            }
            return h
        }
        for (q, query) in queries.enumerated() where query.weight > 0 {
            let queryVector = query.vector
            let vectorHits: [Neighbor]
            if queryVector.allSatisfy({ $0 == 0 }) {
                vectorHits = []  // no known word: the vector side has nothing to say
            } else if let exact = knowledge.exactVectors, chunks.count <= configuration.exactSearchMaxChunks {
                vectorHits = try exact.search(queryVector, k: n, filter: admittedChunks == chunks.count ? nil : accept)
            } else {
                // Exact scan or graph walk under a filter: the index chooses, from the share its
                // sample of labels admits (`HNSWIndex.search(_:k:ef:filter:)`).
                let everything = admittedChunks == chunks.count
                vectorHits = try knowledge.vectors.search(
                    queryVector, k: n, ef: max(n, knowledge.vectors.configuration.efSearch),
                    filter: everything ? nil : accept)
            }
            let lexicalHits =
                configuration.lexicalWeight > 0
                ? knowledge.lexical.search(query.terms, k: n, filter: accept) : []
            for (rank, v) in vectorHits.enumerated() {
                guard var h = hit(v.label) else { continue }
                if q == 0 {
                    h.vectorRank = rank + 1
                    h.vectorSimilarity = Double(v.similarity)
                }
                h.score += query.weight * configuration.vectorWeight / (configuration.rrfK + Double(rank + 1))
                fused[v.label] = h
            }
            for (rank, l) in lexicalHits.enumerated() {
                guard var h = hit(l.label) else { continue }
                if q == 0 {
                    h.lexicalRank = rank + 1
                    h.lexicalScore = l.score
                }
                h.score += query.weight * configuration.lexicalWeight / (configuration.rrfK + Double(rank + 1))
                fused[l.label] = h
            }
        }
        let boosted = fused.values.map { h in
            var h = h
            if let boost = h.profileBoost { h.score *= exp(boost) }
            return h
        }
        let ranked = Self.byScore(boosted)
        guard let priors = filter.feedback, !priors.spans.isEmpty else { return Array(ranked.prefix(k)) }
        return Array(reorder(ranked, by: priors, filter: filter).prefix(k))
    }

    /// Hits best first; ties by chunk id, so the order never depends on a dictionary's.
    static func byScore(_ hits: [SearchHit]) -> [SearchHit] {
        hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.chunkID < $1.chunkID }
    }

    /// Votes reorder candidates only among the places held by candidates of the same scope
    /// (`FeedbackScope`): a passage written for another region, plan or language keeps its place,
    /// so no vote pattern lifts it above one that applies to the customer.
    func reorder(_ ranked: [SearchHit], by priors: FeedbackPriors, filter: RetrievalFilter) -> [SearchHit] {
        let chunks = knowledge.chunks
        var groups: [String: [Int]] = [:]
        for i in ranked.indices {
            guard let chunk = chunks[ranked[i].chunkID] else { continue }
            groups[FeedbackScope.signature(of: knowledge.document(of: chunk).metadata), default: []].append(i)
        }
        var out = ranked
        for slots in groups.values {
            let moved = Self.byScore(
                slots.map { i in
                    var h = ranked[i]
                    if let m = priors.multiplier(
                        documentID: h.documentID, version: h.documentVersion, span: h.span,
                        kind: filter.questionKind ?? "")
                    {
                        h.score *= m
                        h.feedbackMultiplier = m
                    }
                    return h
                })
            // Each slot keeps its score, so the list stays sorted by score and a later sort by
            // score (or a cut at depth) cannot undo the rule; the multiplier stays on the hit.
            for (slot, hit) in zip(slots, moved) {
                out[slot] = hit
                out[slot].score = ranked[slot].score
            }
        }
        return out
    }
}
