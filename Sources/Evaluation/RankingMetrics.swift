import Foundation

/// Ranking metrics accumulated over questions: chunk-level recall@1/5/10, MRR@10 and nDCG@10
/// (binary relevance), and document-level recall@1/5/10. Values are percentages.
public struct RankingMetrics: Sendable, Codable, Hashable {
    public var questions = 0
    public var chunkRecallAt1 = 0.0, chunkRecallAt5 = 0.0, chunkRecallAt10 = 0.0
    public var chunkMRRAt10 = 0.0, chunkNDCGAt10 = 0.0
    public var documentRecallAt1 = 0.0, documentRecallAt5 = 0.0, documentRecallAt10 = 0.0

    public init() {}

    /// Adds one question.
    /// - Parameters:
    ///   - relevant: for each of the top chunks, best first, whether it is relevant.
    ///   - relevantCount: how many relevant chunks exist (for the ideal DCG).
    ///   - goldDocumentRank: 1-based rank of the gold document among retrieved documents, if retrieved.
    public mutating func add(relevant: [Bool], relevantCount: Int, goldDocumentRank: Int?) {
        questions += 1
        let top = Array(relevant.prefix(10))
        func hitAt(_ k: Int) -> Double { top.prefix(k).contains(true) ? 1 : 0 }
        chunkRecallAt1 += hitAt(1)
        chunkRecallAt5 += hitAt(5)
        chunkRecallAt10 += hitAt(10)
        if let first = top.firstIndex(of: true) { chunkMRRAt10 += 1 / Double(first + 1) }
        let dcg = top.enumerated().reduce(0.0) { $0 + ($1.element ? 1 / log2(Double($1.offset + 2)) : 0) }
        let ideal = (0..<min(relevantCount, 10)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
        if ideal > 0 { chunkNDCGAt10 += dcg / ideal }
        if let r = goldDocumentRank {
            if r <= 1 { documentRecallAt1 += 1 }
            if r <= 5 { documentRecallAt5 += 1 }
            if r <= 10 { documentRecallAt10 += 1 }
        }
    }

    /// The sums turned into percentages of the questions.
    public var percentages: RankingMetrics {
        guard questions > 0 else { return self }
        var m = self
        let f = 100 / Double(questions)
        m.chunkRecallAt1 *= f
        m.chunkRecallAt5 *= f
        m.chunkRecallAt10 *= f
        m.chunkMRRAt10 *= f
        m.chunkNDCGAt10 *= f
        m.documentRecallAt1 *= f
        m.documentRecallAt5 *= f
        m.documentRecallAt10 *= f
        return m
    }
}
