/// Where a candidate sentence stands before its words are read: its chunk's retrieval rank, its
/// document's share of the retrieved chunks, and how much of the question the document's title
/// names. It is `rankWeight`'s part of the heuristic score:
/// `topRank / (1 + rankDecay × rank) + documentSupport × support + titleCoverage × coverage`.
///
/// Defaults 0.4, 0.3, 0.3, 0.3: set by hand when the heuristic score was written (reading the
/// sample corpus's questions, commit 5827d07), not fitted. The shipped sentence models order
/// sentences by their own weights; this prior still enters the heuristic score they take as a
/// feature and the threshold declines use.
public struct RankPrior: Sendable, Hashable, Codable {
    /// The prior of the first chunk's sentences.
    public var topRank: Double = 0.4
    /// How fast it falls with the chunk's rank (0 for the first).
    public var rankDecay: Double = 0.3
    /// Weight of the document's share of the retrieved chunks' scores.
    public var documentSupport: Double = 0.3
    /// Weight of the share of the question's terms its title names.
    public var titleCoverage: Double = 0.3

    public init(
        topRank: Double = 0.4, rankDecay: Double = 0.3, documentSupport: Double = 0.3, titleCoverage: Double = 0.3
    ) {
        self.topRank = topRank
        self.rankDecay = rankDecay
        self.documentSupport = documentSupport
        self.titleCoverage = titleCoverage
    }

    /// The prior of a sentence in the chunk ranked `rank` (0 first).
    func value(rank: Int, support: Double, titleCoverage coverage: Double) -> Double {
        topRank / (1 + rankDecay * Double(rank)) + documentSupport * support + titleCoverage * coverage
    }
}
