import Foundation
import Embeddings
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
    public let embedder: LatentSemanticEmbedder
    public let vectors: HNSWIndex
    public let lexical: BM25Index
    public let documents: [Int64: StoredDocument]
    public let chunks: [Int64: StoredChunk]
    public let analyzer = TextAnalyzer()

    /// Opens the current build of an index folder.
    /// - Throws: `KnowledgeError` when there is no index; `FileFormatError` when a build file is
    ///   missing, corrupt or belongs to another build; `DatabaseError` for a damaged store.
    public static func open(_ directory: URL) throws -> KnowledgeBase {
        let layout = IndexLayout(directory)
        let store = try KnowledgeStore(directory: directory, mustExist: true)
        guard let build = try store.currentBuild() else { throw KnowledgeError.noIndex(directory.path) }
        let embedder = try LatentSemanticEmbedder.load(from: layout.embedder(build.buildID))
        guard embedder.identifier == build.embedderID else {
            throw FileFormatError(path: layout.embedder(build.buildID).path, problem: .mismatch,
                                  detail: "embedder \(embedder.identifier), the store expects \(build.embedderID)")
        }
        let vectors = try HNSWIndex.load(from: layout.vectors(build.buildID), expectedBuildID: build.buildID,
                                         expectedDimension: embedder.dimension)
        let lexical = try BM25Index.load(from: layout.lexical(build.buildID), expectedBuildID: build.buildID)
        let documents = Dictionary(uniqueKeysWithValues: try store.documents().map { ($0.key, $0) })
        let chunks = Dictionary(uniqueKeysWithValues: try store.chunks().map { ($0.id, $0) })
        guard vectors.count == chunks.count, lexical.count == chunks.count else {
            throw FileFormatError(path: layout.build(build.buildID).path, problem: .mismatch,
                                  detail: "indexes hold \(vectors.count)/\(lexical.count) chunks, the store \(chunks.count)")
        }
        return KnowledgeBase(layout: layout, build: build, embedder: embedder, vectors: vectors, lexical: lexical,
                             documents: documents, chunks: chunks)
    }

    init(layout: IndexLayout, build: BuildInfo, embedder: LatentSemanticEmbedder, vectors: HNSWIndex,
         lexical: BM25Index, documents: [Int64: StoredDocument], chunks: [Int64: StoredChunk]) {
        self.layout = layout
        self.build = build
        self.embedder = embedder
        self.vectors = vectors
        self.lexical = lexical
        self.documents = documents
        self.chunks = chunks
    }

    /// The document a chunk belongs to.
    public func document(of chunk: StoredChunk) -> StoredDocument { documents[chunk.documentKey]! }

    /// The chunk's text, sliced from its document.
    public func text(of chunk: StoredChunk) -> String { document(of: chunk).text.slice(chunk.span) }

    /// The stored document with this id and version.
    public func document(id: String, version: String? = nil) -> StoredDocument? {
        documents.values.filter { $0.metadata.id == id && (version == nil || $0.metadata.version == version) }
            .max { $0.metadata.version.localizedStandardCompare($1.metadata.version) == .orderedAscending }
    }

    /// Sizes of the build's files in bytes.
    public func fileSizes() -> [String: Int] {
        var out: [String: Int] = [:]
        for (name, url) in [("vectors", layout.vectors(build.buildID)), ("lexical", layout.lexical(build.buildID)),
                            ("embedder", layout.embedder(build.buildID)),
                            ("store", layout.root.appendingPathComponent("knowledge.sqlite"))] {
            out[name] = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        }
        return out
    }
}
