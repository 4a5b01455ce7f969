import Foundation
import GroundedCore
import Storage

extension KnowledgeStore {
    /// Everything one ingestion commits, applied in one transaction.
    struct Commit {
        var removeDocumentKeys: [Int64]
        var addDocuments: [(key: Int64, document: SourceDocument, runID: Int64)]
        /// New chunks with their ids, embeddings and sentence embeddings (concatenated).
        var addChunks: [(id: Int64, documentKey: Int64, chunk: Chunk, embedding: [Float], sentences: [Float])]
        /// New embeddings for kept chunks (after a refit).
        var updateEmbeddings: [(id: Int64, embedding: [Float])]
        /// New sentence embeddings for kept chunks (after a refit, or stored before sentences were embedded).
        var updateSentenceEmbeddings: [(id: Int64, sentences: [Float])]
        var build: BuildInfo
        var report: IngestReport
        var corpus: String
        /// The versioning to keep for the index from now on; nil keeps the stored one.
        var versioning: DocumentVersioning? = nil
    }

    /// Applies an ingestion atomically: documents, chunks, embeddings, the current-build pointer
    /// and the run record all change together or not at all.
    func apply(_ c: Commit) throws {
        try database.transaction {
            try archive(adding: c.addDocuments.map(\.document), retiring: c.removeDocumentKeys, runID: c.report.runID)
            if let versioning = c.versioning { try keep(versioning) }
            for key in c.removeDocumentKeys { try database.run("DELETE FROM documents WHERE key = ?", [key]) }
            for (key, d, run) in c.addDocuments {
                let m = d.metadata
                let extra = String(decoding: try JSONEncoder().encode(m.extra), as: UTF8.self)
                try database.run(
                    """
                    INSERT INTO documents(
                        key, doc_id, version, title, type, product, audience, locale, effective, extra,
                        format, source_path, content_hash, text, ingested_run, text_sha256)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        key, m.id, m.version, m.title, m.type, m.product, m.audience.rawValue, m.locale, m.effective,
                        extra,
                        d.format.rawValue, d.sourcePath, d.contentHash, d.text.string, run, Checksum.of(d.text.string),
                    ])
            }
            for (id, documentKey, chunk, embedding, sentences) in c.addChunks {
                let vector = Self.bytes(embedding)
                let sentenceVectors = Self.bytes(sentences)
                try database.run(
                    """
                    INSERT INTO chunks(id, document_key, ordinal, start, end, heading_path, sentences, text, embedding,
                                       sentence_embeddings, embedding_sha256, sentence_embeddings_sha256, sections)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        id, documentKey, chunk.ordinal, chunk.span.start, chunk.span.end,
                        Self.encodePath(chunk.headingPath),
                        SQLValue.blob(Self.encodeSpans(chunk.sentences)), chunk.text, SQLValue.blob(vector),
                        SQLValue.blob(sentenceVectors), Checksum.of(vector), Checksum.of(sentenceVectors),
                        try Self.encodeSections(chunk.sections),
                    ])
            }
            for (id, embedding) in c.updateEmbeddings {
                let vector = Self.bytes(embedding)
                try database.run(
                    "UPDATE chunks SET embedding = ?, embedding_sha256 = ? WHERE id = ?",
                    [SQLValue.blob(vector), Checksum.of(vector), id])
            }
            for (id, sentences) in c.updateSentenceEmbeddings {
                let vectors = Self.bytes(sentences)
                try database.run(
                    "UPDATE chunks SET sentence_embeddings = ?, sentence_embeddings_sha256 = ? WHERE id = ?",
                    [SQLValue.blob(vectors), Checksum.of(vectors), id])
            }
            // Rows from before checksums (NULL) get theirs now, from the values the ingest just read and checked.
            for (key, text) in try database.query("SELECT key, text FROM documents WHERE text_sha256 IS NULL")
                .map({ ($0["key"].int64!, $0["text"].string ?? "") })
            {
                try database.run("UPDATE documents SET text_sha256 = ? WHERE key = ?", [Checksum.of(text), key])
            }
            try record(c.report, corpus: c.corpus)
            try database.run(
                "INSERT OR REPLACE INTO state(key, value) VALUES ('build', ?)",
                [String(decoding: try JSONEncoder().encode(c.build), as: UTF8.self)])
        }
    }

    /// Makes `versioning` the index's own, for later ingests that do not name one.
    func keep(_ versioning: DocumentVersioning) throws {
        try database.run("INSERT OR REPLACE INTO state(key, value) VALUES ('versioning', ?)", [versioning.rawValue])
    }

    /// Records a run that changed no document, and the versioning it chose (nil: unchanged).
    func record(_ r: IngestReport, corpus: String, versioning: DocumentVersioning?) throws {
        try database.transaction {
            try record(r, corpus: corpus)
            if let versioning { try keep(versioning) }
        }
    }

    /// Records an ingestion run.
    func record(_ r: IngestReport, corpus: String) throws {
        try database.run(
            """
            INSERT INTO runs(
                id, finished_at, corpus, build_id, embedder, added, changed, removed, skipped, failed, refit, report)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                r.runID, ISO8601DateFormatter().string(from: Date()), corpus, r.buildID, r.embedderID, r.added.count,
                r.changed.count, r.removed.count, r.skipped.count, r.problems.count, r.refitEmbedder,
                String(decoding: try JSONEncoder().encode(r), as: UTF8.self),
            ])
    }

    func nextRunID() throws -> Int64 {
        (try database.query("SELECT coalesce(max(id), 0) + 1 AS n FROM runs").first?["n"].int64) ?? 1
    }

    static func bytes(_ v: [Float]) -> [UInt8] { v.withUnsafeBytes { Array($0) } }
}
