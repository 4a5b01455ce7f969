import Foundation
import GroundedCore
import Storage

extension KnowledgeStore {
    /// Every version of every document ever stored, live or retired, by document id then version.
    public func archivedVersions() throws -> [ArchivedVersion] {
        var out: [ArchivedVersion] = []
        try database.forEachRow(
            "SELECT doc_id, version, text, text_sha256, first_run, retired_run FROM document_versions "
                + "ORDER BY doc_id, first_run, version"
        ) { row in
            out.append(
                ArchivedVersion(
                    documentID: row["doc_id"].string!, version: row["version"].string!,
                    sha256: row["text_sha256"].string ?? Checksum.of(row["text"].string ?? ""),
                    firstRun: row["first_run"].int64 ?? 0, retiredRun: row["retired_run"].int64))
        }
        return out
    }

    /// The versions no longer in the corpus, with their texts checked against their SHA-256
    /// (`StoredDocument.integrity`); `key` is 0, as they have no chunks.
    public func retiredDocuments() throws -> [StoredDocument] {
        try database.query("SELECT * FROM document_versions WHERE retired_run IS NOT NULL ORDER BY doc_id, version")
            .map(Self.archivedDocument)
    }

    /// One stored version of a document, live or retired; nil when it was never ingested.
    public func archivedDocument(id: String, version: String) throws -> StoredDocument? {
        try database.query("SELECT * FROM document_versions WHERE doc_id = ? AND version = ?", [id, version]).first
            .map(Self.archivedDocument)
    }

    /// How the index treats a changed text under an unchanged version (`declared` until set).
    public func versioning() throws -> DocumentVersioning {
        let value = try database.query("SELECT value FROM state WHERE key = 'versioning'").first?["value"].string
        return value.flatMap(DocumentVersioning.init(rawValue:)) ?? .declared
    }

    static func archivedDocument(_ row: Row) throws -> StoredDocument {
        let text = row["text"].string ?? ""
        let metadata = try JSONDecoder().decode(DocumentMetadata.self, from: Data((row["metadata"].string ?? "").utf8))
        var document = StoredDocument(
            key: 0, metadata: metadata, format: DocumentFormat(rawValue: row["format"].string ?? "") ?? .text,
            sourcePath: row["source_path"].string ?? "", text: SourceText(text),
            integrity: .of(text, recorded: row["text_sha256"].string))
        document.retiredRun = row["retired_run"].int64
        return document
    }

    /// Keeps each added version's text in the archive (a returning version is live again) and
    /// marks the versions of `removedKeys` retired by `runID`; inside the ingest's transaction.
    func archive(adding added: [SourceDocument], retiring removedKeys: [Int64], runID: Int64) throws {
        for key in removedKeys {
            try database.run(
                """
                UPDATE document_versions SET retired_run = ?
                WHERE (doc_id, version) IN (SELECT doc_id, version FROM documents WHERE key = ?)
                """, [runID, key])
        }
        for d in added {
            let metadata = String(decoding: try JSONEncoder().encode(d.metadata), as: UTF8.self)
            try database.run(
                """
                INSERT INTO document_versions(
                    doc_id, version, metadata, format, source_path, text, text_sha256, first_run, retired_run)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT(doc_id, version) DO UPDATE SET
                    metadata = excluded.metadata, format = excluded.format, source_path = excluded.source_path,
                    text = excluded.text, text_sha256 = excluded.text_sha256, retired_run = NULL
                """,
                [
                    d.metadata.id, d.metadata.version, metadata, d.format.rawValue, d.sourcePath, d.text.string,
                    Checksum.of(d.text.string), runID,
                ])
        }
    }
}
