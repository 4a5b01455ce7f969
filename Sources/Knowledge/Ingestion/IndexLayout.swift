import Foundation

/// Where an index folder keeps its parts:
///
/// ```
/// <index>/knowledge.sqlite          documents, chunks, runs, the current-build pointer
/// <index>/builds/<build-id>/        vectors.hnsw, lexical.bm25, embedder.lsa
/// <index>/ingest.lock               held while an ingestion runs
/// <index>/staged/                   a candidate build for review (`Ingestor.stage`), laid out alike
/// ```
/// A new build is written beside the current one and becomes current when the store's
/// transaction commits; a crash before that leaves the previous build current and whole.
public struct IndexLayout: Sendable {
    public let root: URL

    public init(_ root: URL) { self.root = root }

    public var builds: URL { root.appendingPathComponent("builds") }
    public func build(_ id: String) -> URL { builds.appendingPathComponent(id) }
    public func vectors(_ id: String) -> URL { build(id).appendingPathComponent("vectors.hnsw") }
    public func lexical(_ id: String) -> URL { build(id).appendingPathComponent("lexical.bm25") }
    public func embedder(_ id: String) -> URL { build(id).appendingPathComponent("embedder.lsa") }
    public var lock: URL { root.appendingPathComponent("ingest.lock") }
    public var store: URL { root.appendingPathComponent("knowledge.sqlite") }
    /// The staged candidate: an index folder of its own, promoted into this one or discarded.
    public var staged: IndexLayout { IndexLayout(root.appendingPathComponent("staged")) }
}
