import Embeddings
import Foundation
import GroundedCore
import LexicalIndex
import VectorIndex

/// An opened index folder: the current build's vector index, lexical index and embedder, and
/// the documents and chunks they point at.
///
/// Thread safety: immutable after `open`; share it freely across tasks.
public final class KnowledgeBase: Sendable {
    public let layout: IndexLayout
    public let build: BuildInfo
    public let embedder: any Embedder
    public let vectors: HNSWIndex
    /// The exact twin of `vectors` (BLAS brute force) for a corpus of at most `exactTwinLimit`
    /// chunks, where scoring every chunk costs no more than walking the graph and misses nothing.
    public let exactVectors: BruteForceIndex?
    public let lexical: BM25Index
    public let documents: [Int64: StoredDocument]
    /// Versions no longer in the corpus, by `id@version`: never retrieved or cited anew, kept so
    /// an old answer's citations are checked against the text that was in force.
    public let retired: [String: StoredDocument]
    public let chunks: [Int64: StoredChunk]
    /// How many chunks each document (by key) has, so a filter's reach is counted per document.
    public let chunkCounts: [Int64: Int]
    /// Each chunk's sentence embeddings, one per `StoredChunk.sentences` entry, concatenated
    /// (absent for chunks stored before sentences were embedded; ingest again to add them).
    public let sentenceVectors: [Int64: [Float]]
    public let analyzer = TextAnalyzer()
    /// The words of every stored document (all versions, titles included), for reading
    /// misspelt questions against them.
    public let vocabulary: Vocabulary
    /// Up to this many chunks the knowledge base keeps the exact twin: 1,000 384-d vectors are
    /// 1.5 MiB, and one `sgemm` over them takes about 0.1 ms on one core.
    public static let exactTwinLimit = 1_000

    /// Opens the current build of an index folder.
    /// - Parameters:
    ///   - modelDirectory: where the MiniLM model is, for an index built with it (default: where
    ///     it was at ingest time).
    ///   - expectedEmbedder: when given, the index must have been built with this embedder.
    /// - Throws: `KnowledgeError` when there is no index, or it was built with another embedder or
    ///   other weights; `FileFormatError` when a build file is missing, corrupt or belongs to
    ///   another build; `DatabaseError` for a damaged store.
    public static func open(
        _ directory: URL, modelDirectory: URL? = nil, expectedEmbedder: EmbedderKind? = nil
    ) throws -> KnowledgeBase {
        let layout = IndexLayout(directory)
        let store = try KnowledgeStore(directory: directory, mustExist: true)
        guard let build = try store.currentBuild() else { throw KnowledgeError.noIndex(directory.path) }
        if let expectedEmbedder, expectedEmbedder != build.kind {
            throw KnowledgeError(
                "the index at \(directory.path) was built with the \(build.kind.rawValue) embedder "
                    + "(\(build.embedderID)); its vectors cannot be queried with \(expectedEmbedder.rawValue): query "
                    + "with --embedder \(build.kind.rawValue), or re-ingest with --embedder "
                    + "\(expectedEmbedder.rawValue)"
            )
        }
        let embedder = try loadEmbedder(build, layout: layout, modelDirectory: modelDirectory)
        let documents = Dictionary(uniqueKeysWithValues: try store.documents().map { ($0.key, $0) })
        let chunks = Dictionary(uniqueKeysWithValues: try store.chunks().map { ($0.id, $0) })
        let (vectors, lexical) = try loadIndexes(
            build, layout: layout, dimension: embedder.dimension, chunks: chunks.count)
        let sentenceVectors = try store.sentenceEmbeddings()
        for (id, v) in sentenceVectors where v.count != (chunks[id]?.sentences.count ?? -1) * embedder.dimension {
            throw KnowledgeError(
                "chunk \(id) in \(directory.path) has \(v.count) sentence-embedding values, not "
                    + "\(chunks[id]?.sentences.count ?? 0) × \(embedder.dimension): the store is damaged; ingest again "
                    + "with --refit"
            )
        }
        let retired = Dictionary(
            try store.retiredDocuments().map { ($0.metadata.key, $0) }, uniquingKeysWith: { a, _ in a })
        return KnowledgeBase(
            layout: layout, build: build, embedder: embedder, vectors: vectors, lexical: lexical,
            documents: documents, chunks: chunks, sentenceVectors: sentenceVectors, retired: retired)
    }

    /// The build's vector and lexical indexes, checked against the build, the embedder's dimension
    /// and the store's chunk count.
    /// - Throws: `FileFormatError` naming the file that is missing, corrupt or mismatched.
    static func loadIndexes(
        _ build: BuildInfo, layout: IndexLayout, dimension: Int, chunks: Int
    ) throws -> (HNSWIndex, BM25Index) {
        let vectors = try HNSWIndex.load(
            from: layout.vectors(build.buildID), expectedBuildID: build.buildID,
            expectedDimension: dimension)
        let lexical = try BM25Index.load(from: layout.lexical(build.buildID), expectedBuildID: build.buildID)
        guard vectors.count == chunks, lexical.count == chunks else {
            throw FileFormatError(
                path: layout.build(build.buildID).path, problem: .mismatch,
                detail: "indexes hold \(vectors.count)/\(lexical.count) chunks, the store \(chunks)")
        }
        return (vectors, lexical)
    }

    /// The embedder that built the index: the stored built-in model, or MiniLM with the same weights.
    static func loadEmbedder(_ build: BuildInfo, layout: IndexLayout, modelDirectory: URL?) throws -> any Embedder {
        switch build.kind {
        case .builtIn:
            let embedder = try LatentSemanticEmbedder.load(from: layout.embedder(build.buildID))
            guard embedder.identifier == build.embedderID else {
                throw FileFormatError(
                    path: layout.embedder(build.buildID).path, problem: .mismatch,
                    detail: "embedder \(embedder.identifier), the store expects \(build.embedderID)")
            }
            return embedder
        case .miniLM:
            let directory =
                modelDirectory ?? build.modelDirectory.map { URL(fileURLWithPath: $0) }
                ?? URL(fileURLWithPath: MiniLMEmbedder.defaultDirectory)
            let embedder: MiniLMEmbedder
            do { embedder = try MiniLMEmbedder(directory: directory) } catch {
                throw KnowledgeError("the index was built with MiniLM, but its model cannot be loaded: \(error)")
            }
            guard embedder.weightsSHA256 == build.weightsSHA256 else {
                throw KnowledgeError(
                    """
                    the index was built with MiniLM weights sha256 \(build.weightsSHA256 ?? "?"), but \
                    \(directory.path) holds \(embedder.weightsSHA256): restore those weights (Tools/fetch-model.sh) \
                    or re-ingest
                    """
                )
            }
            // One answer embeds its question more than once; a neural model spends milliseconds each time.
            return CachingEmbedder(embedder)
        }
    }

    init(
        layout: IndexLayout, build: BuildInfo, embedder: any Embedder, vectors: HNSWIndex,
        lexical: BM25Index, documents: [Int64: StoredDocument], chunks: [Int64: StoredChunk],
        sentenceVectors: [Int64: [Float]], retired: [String: StoredDocument] = [:]
    ) {
        self.retired = retired
        self.layout = layout
        self.build = build
        self.embedder = embedder
        self.vectors = vectors
        if vectors.count <= Self.exactTwinLimit {
            let (flat, labels) = vectors.liveVectors()
            exactVectors = BruteForceIndex(
                dimension: vectors.dimension, metric: vectors.configuration.metric,
                flat: flat, labels: labels)
        } else {
            exactVectors = nil
        }
        self.lexical = lexical
        self.documents = documents
        self.chunks = chunks
        self.sentenceVectors = sentenceVectors
        self.chunkCounts = chunks.values.reduce(into: [:]) { $0[$1.documentKey, default: 0] += 1 }
        self.vocabulary = Vocabulary(
            texts: documents.keys.sorted().flatMap { key in
                [documents[key]!.metadata.title, documents[key]!.text.string]
            })
    }

    /// The similarity of `query` (an embedding from `embedder`) to each of the chunk's sentences,
    /// in order; empty when the chunk's sentences are not embedded.
    public func sentenceSimilarities(_ query: [Float], chunk id: Int64) -> [Double] {
        guard let v = sentenceVectors[id], query.count == embedder.dimension, !query.isEmpty else { return [] }
        let d = query.count
        return query.withUnsafeBufferPointer { q in
            v.withUnsafeBufferPointer { s in
                (0..<(v.count / d)).map { Double(Kernels.dot(q.baseAddress!, s.baseAddress! + $0 * d, d)) }
            }
        }
    }

    /// The document a chunk belongs to.
    public func document(of chunk: StoredChunk) -> StoredDocument { documents[chunk.documentKey]! }

    /// The chunk's text, sliced from its document.
    public func text(of chunk: StoredChunk) -> String { document(of: chunk).text.slice(chunk.span) }

    /// The stored document with this id and version: without a version, the highest live one;
    /// with one, that version, live or retired (`StoredDocument.retiredRun`), so an old answer's
    /// citations read the text they quoted.
    public func document(id: String, version: String? = nil) -> StoredDocument? {
        documents.values.filter { $0.metadata.id == id && (version == nil || $0.metadata.version == version) }
            .max { $0.metadata.version.localizedStandardCompare($1.metadata.version) == .orderedAscending }
            ?? version.flatMap { retired["\(id)@\($0)"] }
    }

    /// Sizes of the build's files in bytes.
    public func fileSizes() -> [String: Int] {
        var out: [String: Int] = [:]
        for (name, url) in [
            ("vectors", layout.vectors(build.buildID)), ("lexical", layout.lexical(build.buildID)),
            ("embedder", layout.embedder(build.buildID)),
            ("store", layout.root.appendingPathComponent("knowledge.sqlite")),
        ] {
            out[name] = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        }
        return out
    }
}
