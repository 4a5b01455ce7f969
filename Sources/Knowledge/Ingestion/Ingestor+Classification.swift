import Foundation
import GroundedCore

extension Ingestor {
    /// The corpus read and parsed, before anything in the index is touched.
    /// - Throws: `DocumentError` when it does not exist; `KnowledgeError` when no document in it
    ///   can be ingested.
    func scanned(_ corpus: URL) throws -> CorpusScanner.Result {
        let scan = try CorpusScanner(loader: DocumentLoader(chunker: Chunker(configuration: options.chunker))).scan(
            corpus)
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
        /// Changed documents whose text differs from the one stored under the same version.
        var rewritten: [SourceDocument]

        init(_ scan: CorpusScanner.Result, store: KnowledgeStore) throws {
            stored = try store.documentSummaries()
            let storedByKey = Dictionary(stored.map { ($0.metadata.key, $0) }, uniquingKeysWith: { a, _ in a })
            let scannedKeys = Set(scan.documents.map(\.metadata.key))
            // A stored text changed outside grounded is stored again from the corpus, as if it had changed there.
            let damaged = try store.documentKeysWithChangedText()
            for d in scan.documents {
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
            // A version names one text: a changed text under the same version would rewrite what
            // answers citing it were checked against.
            let checksums = try store.textChecksums()
            rewritten = changed.filter { d in
                storedByKey[d.metadata.key].map { checksums[$0.key] != Checksum.of(d.text.string) } ?? false
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
                    + "against it, or restore the text; nothing was ingested")
        }
    }
}
