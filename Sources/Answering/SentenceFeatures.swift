import GroundedCore

/// What the answer composer knows about one candidate sentence, by name; every value is 0...1,
/// except the two reranker values, -1...1. `values` lists them in `names` order, the order of a
/// `SentenceModel`'s and an `AnswerabilityModel`'s weights and of trained-model files.
public struct SentenceFeatures: FeatureVector, Sendable, Hashable {
    public static let names = [
        "heuristic", "coverage", "directCoverage", "conversationCoverage", "semantic", "chunkRank",
        "firstInChunk", "length", "fragment", "answerType", "titleCoverage", "phrase",
        "previousCoverage", "question", "agentOverlap", "followsAgentReply", "sentenceVector",
        "chunkRerank", "topRerank",
    ]

    /// The heuristic score (coverage, semantic, rank prior, answer type, profile), capped at 1.
    public var heuristic: Double
    /// The share of the question's term weight the sentence and its context cover.
    public var coverage: Double
    /// The share the sentence covers by itself.
    public var directCoverage: Double
    /// The share of the conversation's terms it covers (0 for a single question).
    public var conversationCoverage: Double
    /// The question's similarity to the sentence in its context, or to its chunk for a neural embedder.
    public var semantic: Double
    /// 1 / (rank of its chunk + 1).
    public var chunkRank: Double
    /// 1 when it is its chunk's first sentence.
    public var firstInChunk: Double
    /// Its word count over 60, capped at 1.
    public var length: Double
    /// 1 when the composer reads it as a fragment rather than a whole sentence.
    public var fragment: Double
    /// 1 when it holds what the question asks for (a time, an amount, a number).
    public var answerType: Double
    /// How much of the question its document's title names.
    public var titleCoverage: Double
    /// The share of the question's word pairs it repeats.
    public var phrase: Double
    /// The share of the question the sentence before it says.
    public var previousCoverage: Double
    /// 1 when it is itself a question.
    public var question: Double
    /// The share of the agent's last reply it repeats.
    public var agentOverlap: Double
    /// 1 when it comes just after the sentence the agent last drew on.
    public var followsAgentReply: Double
    /// The question's embedding against the sentence's own (stored at ingest).
    public var sentenceVector: Double
    /// How sure the reranker is of its chunk (-1...1; 0 without a reranker).
    public var chunkRerank: Double
    /// How sure the reranker is of the best retrieved chunk (-1...1; 0 without a reranker).
    public var topRerank: Double

    public init(
        heuristic: Double, coverage: Double, directCoverage: Double, conversationCoverage: Double, semantic: Double,
        chunkRank: Double, firstInChunk: Double, length: Double, fragment: Double, answerType: Double,
        titleCoverage: Double, phrase: Double, previousCoverage: Double, question: Double, agentOverlap: Double,
        followsAgentReply: Double, sentenceVector: Double, chunkRerank: Double, topRerank: Double
    ) {
        self.heuristic = heuristic
        self.coverage = coverage
        self.directCoverage = directCoverage
        self.conversationCoverage = conversationCoverage
        self.semantic = semantic
        self.chunkRank = chunkRank
        self.firstInChunk = firstInChunk
        self.length = length
        self.fragment = fragment
        self.answerType = answerType
        self.titleCoverage = titleCoverage
        self.phrase = phrase
        self.previousCoverage = previousCoverage
        self.question = question
        self.agentOverlap = agentOverlap
        self.followsAgentReply = followsAgentReply
        self.sentenceVector = sentenceVector
        self.chunkRerank = chunkRerank
        self.topRerank = topRerank
    }

    /// The features from their values in `names` order.
    /// - Precondition: `values.count == names.count`.
    public init(values: [Double]) {
        precondition(values.count == Self.names.count, "expected \(Self.names.count) sentence features")
        heuristic = values[0]
        coverage = values[1]
        directCoverage = values[2]
        conversationCoverage = values[3]
        semantic = values[4]
        chunkRank = values[5]
        firstInChunk = values[6]
        length = values[7]
        fragment = values[8]
        answerType = values[9]
        titleCoverage = values[10]
        phrase = values[11]
        previousCoverage = values[12]
        question = values[13]
        agentOverlap = values[14]
        followsAgentReply = values[15]
        sentenceVector = values[16]
        chunkRerank = values[17]
        topRerank = values[18]
    }

    /// The values in `names` order.
    public var values: [Double] {
        [
            heuristic, coverage, directCoverage, conversationCoverage, semantic, chunkRank, firstInChunk, length,
            fragment, answerType, titleCoverage, phrase, previousCoverage, question, agentOverlap, followsAgentReply,
            sentenceVector, chunkRerank, topRerank,
        ]
    }
}
