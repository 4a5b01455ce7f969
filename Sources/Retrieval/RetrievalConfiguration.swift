/// How hybrid retrieval weighs and fuses its two retrievers.
public struct RetrievalConfiguration: Sendable, Hashable, Codable {
    /// Weight of the vector retriever's ranks in the fusion.
    public var vectorWeight: Double
    /// Weight of the BM25 retriever's ranks in the fusion.
    public var lexicalWeight: Double
    /// The RRF constant: 60 as in Cormack, Clarke & Büttcher (SIGIR 2009).
    public var rrfK: Double
    /// Candidates each retriever contributes before fusion.
    public var candidates: Int
    /// Up to this many chunks (and `KnowledgeBase.exactTwinLimit`), vector search scores every
    /// chunk with the exact twin: no slower than walking the graph, and it misses nothing.
    public var exactSearchMaxChunks: Int
    /// How a conversation's turns become queries.
    public var conversation: ConversationalQueryConfiguration
    /// Reorders the best `rerankDepth` fused chunks of a single query; nil keeps the fused order.
    public var reranker: LinearReranker?
    /// The same for a conversational query (several turns); nil uses `reranker`.
    public var conversationReranker: LinearReranker?
    public var rerankDepth: Int
    /// How a customer profile in the filter boosts documents written for the customer.
    public var profile: ProfileConfiguration

    public init(
        vectorWeight: Double = 1, lexicalWeight: Double = 1, rrfK: Double = 60, candidates: Int = 50,
        exactSearchMaxChunks: Int = 1_000,
        conversation: ConversationalQueryConfiguration = .init(),
        reranker: LinearReranker? = nil, conversationReranker: LinearReranker? = nil, rerankDepth: Int = 50,
        profile: ProfileConfiguration = .init()
    ) {
        self.vectorWeight = vectorWeight
        self.lexicalWeight = lexicalWeight
        self.rrfK = rrfK
        self.candidates = candidates
        self.exactSearchMaxChunks = exactSearchMaxChunks
        self.conversation = conversation
        self.reranker = reranker
        self.conversationReranker = conversationReranker
        self.rerankDepth = rerankDepth
        self.profile = profile
    }

    /// - Throws: `RetrievalError` naming the bad parameter.
    public func validate() throws {
        guard vectorWeight >= 0, lexicalWeight >= 0, vectorWeight + lexicalWeight > 0 else {
            throw RetrievalError("weights must be non-negative and not both zero")
        }
        guard rrfK > 0, candidates > 0, rerankDepth > 0, exactSearchMaxChunks >= 0
        else {
            throw RetrievalError(
                "rrfK and candidates must be positive, exactSearchMaxChunks not negative"
            )
        }
        try profile.validate()
    }
}

/// A retrieval request that cannot be served, and why.
public struct RetrievalError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
