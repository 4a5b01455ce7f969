import Foundation
import GroundedCore

extension Ingestor {
    /// What `ingest(corpus)` would do, computed without writing anything or taking the ingest
    /// lock: a dry run.
    /// - Throws: `DocumentError` when the corpus does not exist; `KnowledgeError` when it holds no
    ///   document; storage errors reading the index.
    public func plan(_ corpus: URL) throws -> IngestPlan {
        let scan = try scanned(corpus)
        let exists = FileManager.default.fileExists(atPath: layout.root.appendingPathComponent("knowledge.sqlite").path)
        guard exists else {
            return IngestPlan(
                added: scan.documents.map(\.metadata.key), changed: [], removed: [], skipped: [], settingsChanged: [],
                refused: [], autoVersioned: [], problems: scan.problems,
                diffs: scan.documents.map {
                    DocumentDiff(documentID: $0.metadata.id, from: nil, to: ($0.metadata.version, Self.outline($0)))
                })
        }
        let store = try KnowledgeStore(directory: layout.root, mustExist: true)
        let c = try Classification(scan, store: store, versioning: options.versioning ?? store.versioning())
        let settings = IngestSettings(
            embedder: options.embedder.kind, dimension: options.embedder.dimension, weightsSHA256: nil,
            vectors: options.vectors)
        return IngestPlan(
            added: c.added.map(\.metadata.key), changed: c.changed.map(\.metadata.key),
            removed: c.removed.map(\.metadata.key), skipped: c.skipped,
            settingsChanged: try store.currentBuild()?.changes(to: settings) ?? [],
            refused: c.rewritten.map(Classification.label), autoVersioned: c.autoVersioned,
            problems: scan.problems, diffs: try diffs(c, store: store))
    }

    /// Each affected document id's diff: from its replaced (else latest) stored version to the
    /// corpus's new one.
    private func diffs(_ c: Classification, store: KnowledgeStore) throws -> [DocumentDiff] {
        let incoming = c.added + c.changed
        let affected = Set(incoming.map(\.metadata.id) + c.removed.map(\.metadata.id))
        guard !affected.isEmpty else { return [] }
        let documents = try store.documents().filter { affected.contains($0.metadata.id) }
        let chunks = Dictionary(grouping: try store.chunks(), by: \.documentKey)
        var out: [DocumentDiff] = []
        for id in affected.sorted() {
            let new = incoming.last { $0.metadata.id == id }
            // The stored version the new one replaces: the same key, else the removed one, else the latest.
            let old =
                documents.last { $0.metadata.key == new?.metadata.key }
                ?? documents.last { d in c.removed.contains { $0.key == d.key } && d.metadata.id == id }
                ?? documents.last { $0.metadata.id == id && new != nil }
            let before = old.map { d in
                let stored = (chunks[d.key] ?? []).sorted { $0.ordinal < $1.ordinal }
                return (
                    d.metadata.version,
                    DocumentDiff.Outline(
                        text: d.text, chunks: stored.map { ($0.span, $0.sentences, $0.headingPath, $0.sections) },
                        ids: stored.map(\.id))
                )
            }
            let diff = DocumentDiff(
                documentID: id, from: before, to: new.map { ($0.metadata.version, Self.outline($0)) })
            if diff.fromVersion != diff.toVersion || !diff.sections.isEmpty { out.append(diff) }
        }
        return out
    }

    static func outline(_ d: SourceDocument) -> DocumentDiff.Outline {
        DocumentDiff.Outline(
            text: d.text, chunks: d.chunks.map { ($0.span, $0.sentences, $0.headingPath, $0.sections) })
    }
}
