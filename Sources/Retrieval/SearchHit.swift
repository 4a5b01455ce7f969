import GroundedCore
import Knowledge

/// One retrieved chunk with the scores that put it where it is.
public struct SearchHit: Sendable, Hashable, Codable {
    public var chunkID: Int64
    public var documentID: String
    public var documentVersion: String
    public var title: String
    public var span: TextSpan
    public var headingPath: [String]
    /// The fused reciprocal-rank score: Σ weight / (rrfK + rank).
    public var score: Double
    /// 1-based rank in the vector results, nil when absent from them.
    public var vectorRank: Int?
    public var vectorSimilarity: Double?
    /// 1-based rank in the BM25 results, nil when absent from them.
    public var lexicalRank: Int?
    public var lexicalScore: Double?
    /// The reranker's score, when one reordered the fused candidates.
    public var rerankScore: Double?
    /// The reranker's features (`RerankFeatures.names` → value), when one reordered them.
    public var rerankFeatures: [String: Double]?
    /// The customer profile's log-scale boost (already in `score` or `rerankScore`), when the
    /// search had a profile and the document is written for (or against) it.
    public var profileBoost: Double?
    /// Why the profile boosted or demoted it.
    public var profileReasons: [String]?
    /// The factor feedback on this chunk (for this kind of question) scaled its score by.
    public var feedbackMultiplier: Double?
}
