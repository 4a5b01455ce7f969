@_exported import Answering
import Foundation
@_exported import GroundedCore
@_exported import Knowledge
import LexicalIndex
@_exported import Retrieval

@_exported import struct Embeddings.LatentSemanticConfiguration
@_exported import struct Embeddings.MiniLMEmbedder

/// The engine as one object: ingest a corpus into an index folder, then search it and answer
/// questions with verified citations.
///
/// Thread safety: immutable after `init`; `ask` and `search` may run concurrently.
public final class GroundedEngine: Sendable {
    public let knowledge: KnowledgeBase
    public let retriever: HybridRetriever
    public let composer: AnswerComposer

    /// Opens the current build of an index folder.
    /// - Parameters:
    ///   - modelDirectory: the MiniLM model folder, for an index built with MiniLM (default: where
    ///     it was at ingest time).
    ///   - embedder: when given, the index must have been built with this embedder; a query
    ///     embedded by another model would be meaningless against its vectors.
    /// - Throws: `KnowledgeError` when there is no index there or it was built with another
    ///   embedder or other weights; `FileFormatError` when its files are damaged (re-ingest to
    ///   rebuild them); `RetrievalError` or `AnswerConfigurationError` for an invalid configuration.
    ///   - models: the trained models to answer with (default: those shipped with the product,
    ///     for the index's embedder); `.none` runs the heuristic order and threshold declines.
    public init(
        index: URL, modelDirectory: URL? = nil, embedder: EmbedderKind? = nil,
        retrieval: RetrievalConfiguration = .init(), answers: AnswerConfiguration = .init(),
        models: ModelChoice = .shipped
    ) throws {
        knowledge = try KnowledgeBase.open(index, modelDirectory: modelDirectory, expectedEmbedder: embedder)
        let (r, a) = try models.configurations(for: knowledge, retrieval: retrieval, answers: answers)
        try a.validate()
        retriever = try HybridRetriever(knowledge: knowledge, configuration: r)
        composer = AnswerComposer(retriever: retriever, configuration: a)
    }

    /// The build an index folder names as current now: it changes when an ingest completes, so a
    /// server compares it with the build it serves to pick up a re-index (`ServiceHost`).
    /// - Throws: `KnowledgeError` when there is no index there; `DatabaseError` for a damaged store.
    public static func currentBuildID(index: URL) throws -> String? {
        try KnowledgeStore(directory: index, mustExist: true).currentBuild()?.buildID
    }

    /// An engine over an opened knowledge base, e.g. the same index with another retrieval
    /// configuration.
    /// - Throws: `RetrievalError` or `AnswerConfigurationError` when a configuration is invalid.
    public init(
        knowledge: KnowledgeBase, retrieval: RetrievalConfiguration = .init(), answers: AnswerConfiguration = .init(),
        models: ModelChoice = .shipped
    ) throws {
        self.knowledge = knowledge
        let (r, a) = try models.configurations(for: knowledge, retrieval: retrieval, answers: answers)
        try a.validate()
        retriever = try HybridRetriever(knowledge: knowledge, configuration: r)
        composer = AnswerComposer(retriever: retriever, configuration: a)
    }

    /// Ingests `corpus` (a folder or a `.jsonl` file) into `index` incrementally.
    /// - Throws: `KnowledgeError` when nothing could be ingested; the previous build stays current.
    public static func ingest(corpus: URL, index: URL, options: IngestOptions = .init()) throws -> IngestReport {
        try Ingestor(index: index, options: options).ingest(corpus)
    }

    /// A grounded answer or a decline.
    public func ask(_ question: String, filter: RetrievalFilter = .init()) throws -> GroundedAnswer {
        try composer.answer(question, filter: filter)
    }

    /// A grounded answer to the latest user turn of a conversation, retrieved with its history.
    public func ask(conversation: [ConversationTurn], filter: RetrievalFilter = .init()) throws -> GroundedAnswer {
        try composer.answer(conversation: conversation, filter: filter)
    }

    /// The best chunks for a query, with their component scores.
    public func search(_ query: String, k: Int = 10, filter: RetrievalFilter = .init()) throws -> [SearchHit] {
        try retriever.search(query, k: k, filter: filter)
    }

    /// The chunk's text.
    public func text(of hit: SearchHit) -> String {
        knowledge.chunks[hit.chunkID].map { knowledge.text(of: $0) } ?? ""
    }

    /// What the index holds.
    public func stats() throws -> IndexStats {
        let docs = knowledge.documents.values
        var byFormat: [String: Int] = [:]
        var byType: [String: Int] = [:]
        var byAudience: [String: Int] = [:]
        for d in docs {
            byFormat[d.format.rawValue, default: 0] += 1
            byType[d.metadata.type, default: 0] += 1
            byAudience[d.metadata.audience.rawValue, default: 0] += 1
        }
        let inEffectToday = RetrievalFilter(audiences: Set(DocumentMetadata.Audience.allCases))
        let store = try KnowledgeStore(directory: knowledge.layout.root, mustExist: true)
        return IndexStats(
            buildID: knowledge.build.buildID, documents: docs.count,
            documentsInEffect: inEffectToday.admittedDocuments(knowledge.documents).count,
            chunks: knowledge.chunks.count, vectorDimension: knowledge.embedder.dimension,
            embedder: knowledge.embedder.identifier, embedderKind: knowledge.build.kind,
            lexicalTerms: knowledge.lexical.termCount,
            byFormat: byFormat, byType: byType, byAudience: byAudience, bytes: knowledge.fileSizes(),
            lastRun: try store.runs(limit: 1).first)
    }
}

/// A summary of an index folder.
public struct IndexStats: Sendable, Codable {
    public var buildID: String
    public var documents: Int
    public var documentsInEffect: Int
    public var chunks: Int
    public var vectorDimension: Int
    public var embedder: String
    public var embedderKind: EmbedderKind
    public var lexicalTerms: Int
    public var byFormat: [String: Int]
    public var byType: [String: Int]
    public var byAudience: [String: Int]
    public var bytes: [String: Int]
    public var lastRun: IngestReport?
}
