import Foundation
import GroundedCore

extension Ingestor {
    /// The corpus read and parsed, before anything in the index is touched.
    /// - Throws: `DocumentError` when it does not exist; `KnowledgeError` when no document in it
    ///   can be ingested.
    func scanned(_ corpus: URL, meter: ProgressMeter? = nil) throws -> CorpusScanner.Result {
        let scan = try CorpusScanner(loader: DocumentLoader(chunker: Chunker(configuration: options.chunker))).scan(
            corpus, onFile: meter.map { m in { m.readFile($0, of: $1) } })
        meter?.read(documents: scan.documents.count, chunks: scan.documents.reduce(0) { $0 + $1.chunks.count })
        guard !scan.documents.isEmpty else {
            let detail = scan.problems.prefix(5).map { "\n  \($0)" }.joined()
            throw KnowledgeError(
                "no document in \(corpus.path) could be ingested\(detail)\nthe previous index, if any, is unchanged")
        }
        return scan
    }

    /// A scanned corpus against the store: what an ingest would add, change, remove and skip.
    struct Classification {
        var stored: [StoredDocumentSummary]
        var added: [SourceDocument] = []
        /// Same `id@version`, another content hash (the parser or chunker changed, or the stored
        /// text was damaged and is restored).
        var changed: [SourceDocument] = []
        var skipped: [String] = []
        var removed: [StoredDocumentSummary]
        /// Documents whose text differs from the one ever stored under the same version.
        var rewritten: [SourceDocument]
        /// Under automatic versioning, the documents given a version of their own:
        /// `id: declared → automatic`.
        var autoVersioned: [String] = []

        init(_ scan: CorpusScanner.Result, store: KnowledgeStore, versioning: DocumentVersioning) throws {
            stored = try store.documentSummaries()
            let storedByKey = Dictionary(stored.map { ($0.metadata.key, $0) }, uniquingKeysWith: { a, _ in a })
            let archived = try store.archivedVersions()
            var documents = scan.documents
            if versioning == .automatic {
                let byID = Dictionary(grouping: archived, by: \.documentID)
                for i in documents.indices {
                    let m = documents[i].metadata
                    let version = DocumentVersioning.version(
                        declared: m.version, sha256: Checksum.of(documents[i].text.string),
                        stored: (byID[m.id] ?? []).map { ($0.version, $0.sha256) })
                    guard version != m.version else { continue }
                    documents[i].metadata.version = version
                    autoVersioned.append("\(m.id): \(m.version) → \(version)")
                }
            }
            let scannedKeys = Set(documents.map(\.metadata.key))
            // A stored text changed outside grounded is stored again from the corpus, as if it had changed there.
            let damaged = try store.documentKeysWithChangedText()
            for d in documents {
                if let s = storedByKey[d.metadata.key] {
                    if s.contentHash == d.contentHash, !damaged.contains(s.key) {
                        skipped.append(d.metadata.key)
                    } else {
                        changed.append(d)
                    }
                } else {
                    added.append(d)
                }
            }
            // A version names one text, live or retired: another text under it would rewrite what
            // answers citing it were checked against.
            let checksums = Dictionary(archived.map { ($0.key, $0.sha256) }, uniquingKeysWith: { a, _ in a })
            rewritten = (added + changed).filter { d in
                checksums[d.metadata.key].map { $0 != Checksum.of(d.text.string) } ?? false
            }
            let failed = scan.failedPaths
            removed = stored.filter { !scannedKeys.contains($0.metadata.key) && !failed.contains($0.sourcePath) }
        }

        /// A document as a refusal names it: `path (id version v)`.
        static func label(_ d: SourceDocument) -> String {
            "\(d.sourcePath) (\(d.metadata.id) version \(d.metadata.version))"
        }

        /// The refusal of an ingest that would rewrite a version's text.
        static func rewrittenError(_ rewritten: [SourceDocument]) -> KnowledgeError {
            KnowledgeError(
                "the text of "
                    + rewritten.map(label).joined(separator: ", ")
                    + " changed but its version did not: give it a new version (`version:` in its front matter, or "
                    + "the `version` field of its JSON line) so answers that cited the old text can still be checked "
                    + "against it, restore the text, or let the index version changed texts itself "
                    + "(--versioning automatic); nothing was ingested")
        }
    }
}
