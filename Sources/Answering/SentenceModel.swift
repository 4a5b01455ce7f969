import Retrieval

/// What the answer composer knows about one candidate sentence; every value is 0...1, except the
/// two reranker values, -1...1.
///
/// `previousCoverage`: the share of the question the sentence before it says (an answer often
/// follows the sentence or heading that asks it); `question`: it is itself a question;
/// `agentOverlap`: the share of the agent's last reply it repeats; `followsAgentReply`: it comes
/// just after the sentence the agent last drew on; `sentenceVector`: the question's embedding
/// against the sentence's own (stored at ingest), where `semantic` may be its chunk's;
/// `chunkRerank`: how sure the reranker is of the sentence's chunk, `topRerank` of the best
/// retrieved chunk (how likely the index holds an answer at all); both 0 without a reranker.
public struct SentenceFeatures: Sendable, Hashable, Codable {
    public static let names = [
        "heuristic", "coverage", "directCoverage", "conversationCoverage", "semantic", "chunkRank",
        "firstInChunk", "length", "fragment", "answerType", "titleCoverage", "phrase",
        "previousCoverage", "question", "agentOverlap", "followsAgentReply", "sentenceVector",
        "chunkRerank", "topRerank",
    ]
    public var values: [Double]

    public init(values: [Double]) {
        precondition(values.count == Self.names.count, "expected \(Self.names.count) sentence features")
        self.values = values
    }
}

/// A linear scorer that picks the answer sentence among the candidates (fitted by
/// `grounded-lab eval`; see Docs/evaluation.md). Declines are still decided by the heuristic score.
public struct SentenceModel: Sendable, Hashable, Codable {
    public var weights: [Double]

    /// - Throws: `RetrievalError` when the weights do not match `SentenceFeatures.names`.
    public init(weights: [Double]) throws {
        guard weights.count == SentenceFeatures.names.count, weights.allSatisfy(\.isFinite) else {
            throw RetrievalError(
                "a sentence model needs \(SentenceFeatures.names.count) finite weights (\(SentenceFeatures.names.joined(separator: ", ")))"
            )
        }
        self.weights = weights
    }

    public func score(_ f: SentenceFeatures) -> Double { zip(weights, f.values).reduce(0) { $0 + $1.0 * $1.1 } }
}
