import Foundation
import GroundedCore
import Storage

/// The knowledge store: documents, chunks (with embeddings), ingestion runs and the pointer to
/// the current index build, in one SQLite database.
///
/// Thread safety: every call goes through the connection's lock (see `Database`).
public final class KnowledgeStore: Sendable {
    public let database: Database

    static let migrations = [
        """
        CREATE TABLE documents(
            key INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL, version TEXT NOT NULL, title TEXT NOT NULL, type TEXT NOT NULL,
            product TEXT NOT NULL, audience TEXT NOT NULL, locale TEXT NOT NULL, effective TEXT,
            extra TEXT NOT NULL, format TEXT NOT NULL, source_path TEXT NOT NULL,
            content_hash TEXT NOT NULL, text TEXT NOT NULL, ingested_run INTEGER NOT NULL,
            UNIQUE(doc_id, version));
        CREATE TABLE chunks(
            id INTEGER PRIMARY KEY,
            document_key INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
            heading_path TEXT NOT NULL, sentences BLOB NOT NULL, text TEXT NOT NULL, embedding BLOB);
        CREATE INDEX chunks_by_document ON chunks(document_key);
        CREATE TABLE runs(
            id INTEGER PRIMARY KEY, finished_at TEXT NOT NULL, corpus TEXT NOT NULL, build_id TEXT NOT NULL,
            embedder TEXT NOT NULL, added INTEGER NOT NULL, changed INTEGER NOT NULL, removed INTEGER NOT NULL,
            skipped INTEGER NOT NULL, failed INTEGER NOT NULL, refit INTEGER NOT NULL, report TEXT NOT NULL);
        CREATE TABLE state(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
        // Each candidate answer sentence embedded alone: retrieval and answers compare the question
        // with a chunk's sentences, not only with the chunk (MiniLM: first-turn doc2dial recall@10
        // of dense retrieval 79.4 → 84.8 scoring chunk + 0.5 × best sentence).
        "ALTER TABLE chunks ADD COLUMN sentence_embeddings BLOB;",
        // SHA-256 of each document's text and each stored vector blob, checked when read (`Checksum`).
        """
        ALTER TABLE documents ADD COLUMN text_sha256 TEXT;
        ALTER TABLE chunks ADD COLUMN embedding_sha256 TEXT;
        ALTER TABLE chunks ADD COLUMN sentence_embeddings_sha256 TEXT;
        """,
        // The sections of a chunk that packs several small ones (JSON `[ChunkSection]`; NULL: one),
        // so each sentence reads under its own headings. Chunks stored before keep their one path.
        "ALTER TABLE chunks ADD COLUMN sections TEXT;",
        // Every version's text, kept after the version leaves the corpus (`retired_run` set), so an
        // old answer's citations can be checked against the text that was in force.
        """
        CREATE TABLE document_versions(
            doc_id TEXT NOT NULL, version TEXT NOT NULL, metadata TEXT NOT NULL, format TEXT NOT NULL,
            source_path TEXT NOT NULL, text TEXT NOT NULL, text_sha256 TEXT,
            first_run INTEGER NOT NULL, retired_run INTEGER, PRIMARY KEY(doc_id, version));
        INSERT INTO document_versions
        SELECT doc_id, version,
               json_object('id', doc_id, 'title', title, 'type', type, 'product', product, 'audience', audience,
                           'locale', locale, 'effective', effective, 'version', version, 'extra', json(extra)),
               format, source_path, text, text_sha256, ingested_run, NULL
        FROM documents;
        """,
    ]

    /// Opens (creating unless `mustExist`, and migrating) the store in `directory/knowledge.sqlite`.
    /// - Throws: `KnowledgeError` when `mustExist` and there is no store; `DatabaseError` when the
    ///   file is not a database or cannot be created.
    public init(directory: URL, mustExist: Bool = false) throws {
        let path = directory.appendingPathComponent("knowledge.sqlite").path
        if mustExist, !FileManager.default.fileExists(atPath: path) {
            throw KnowledgeError.noIndex(directory.path)
        }
        database = try Database(path: path)
        try database.migrate(Self.migrations)
    }

    // MARK: reading

    public func currentBuild() throws -> BuildInfo? {
        guard let json = try database.query("SELECT value FROM state WHERE key = 'build'").first?["value"].string else {
            return nil
        }
        return try JSONDecoder().decode(BuildInfo.self, from: Data(json.utf8))
    }

    public func documentSummaries() throws -> [StoredDocumentSummary] {
        try database.query(
            "SELECT key, doc_id, version, title, type, product, audience, locale, effective, extra, source_path, "
                + "content_hash FROM documents ORDER BY key"
        )
        .map {
            StoredDocumentSummary(
                key: $0["key"].int64!, metadata: try Self.metadata($0), sourcePath: $0["source_path"].string!,
                contentHash: $0["content_hash"].string!)
        }
    }

    /// Every document with its text, each text checked against the SHA-256 stored with it
    /// (`StoredDocument.integrity`).
    public func documents() throws -> [StoredDocument] {
        try database.query("SELECT * FROM documents ORDER BY key").map { row in
            let text = row["text"].string ?? ""
            return StoredDocument(
                key: row["key"].int64!, metadata: try Self.metadata(row),
                format: DocumentFormat(rawValue: row["format"].string ?? "") ?? .text,
                sourcePath: row["source_path"].string!, text: SourceText(text),
                integrity: .of(text, recorded: row["text_sha256"].string))
        }
    }

    /// The keys of documents whose stored text no longer matches its SHA-256 (an ingest stores
    /// them again from the corpus, as if they had changed there).
    func documentKeysWithChangedText() throws -> Set<Int64> {
        var out = Set<Int64>()
        try database.forEachRow("SELECT key, text, text_sha256 FROM documents WHERE text_sha256 IS NOT NULL") { row in
            if Checksum.of(row["text"].string ?? "") != row["text_sha256"].string { out.insert(row["key"].int64!) }
        }
        return out
    }

    /// A vector blob, or nil when its stored checksum says it changed (so it is embedded again).
    static func checkedFloats(_ bytes: [UInt8]?, checksum: String?) -> [Float]? {
        guard let bytes else { return nil }
        if let checksum, Checksum.of(bytes) != checksum { return nil }
        return floats(bytes)
    }

    /// Every chunk's location, in id order.
    public func chunks() throws -> [StoredChunk] {
        var out: [StoredChunk] = []
        try database.forEachRow(
            "SELECT id, document_key, ordinal, start, end, heading_path, sentences, sections FROM chunks ORDER BY id"
        ) { row in
            out.append(
                StoredChunk(
                    id: row["id"].int64!, documentKey: row["document_key"].int64!, ordinal: row["ordinal"].int!,
                    span: TextSpan(start: row["start"].int!, end: row["end"].int!),
                    headingPath: Self.decodePath(row["heading_path"].string),
                    sentences: Self.decodeSpans(row["sentences"].bytes ?? []),
                    sections: try Self.decodeSections(row["sections"].string)))
        }
        return out
    }

    /// Every chunk's index text, sentence texts and embeddings, in id order (for rebuilding indexes).
    func chunkIndexRows() throws -> [ChunkIndexRow] {
        var out: [ChunkIndexRow] = []
        try database.forEachRow(
            """
            SELECT c.id, c.document_key, c.start, c.text, c.heading_path, c.sentences, c.embedding,
                   c.sentence_embeddings, d.title, c.embedding_sha256, c.sentence_embeddings_sha256
            FROM chunks c JOIN documents d ON d.key = c.document_key ORDER BY c.id
            """
        ) { row in
            let chunkText = row["text"].string ?? ""
            let text = Chunk.indexText(
                title: row["title"].string ?? "", headingPath: Self.decodePath(row["heading_path"].string),
                text: chunkText)
            let sentences = Chunk.sentenceTexts(
                chunkText, chunkStart: row["start"].int ?? 0,
                sentences: Self.decodeSpans(row["sentences"].bytes ?? []))
            out.append(
                ChunkIndexRow(
                    id: row["id"].int64!, documentKey: row["document_key"].int64!, indexText: text,
                    sentenceTexts: sentences,
                    // A vector whose checksum fails is dropped, so the ingest embeds it again.
                    embedding: Self.checkedFloats(row["embedding"].bytes, checksum: row["embedding_sha256"].string),
                    sentenceEmbeddings: Self.checkedFloats(
                        row["sentence_embeddings"].bytes,
                        checksum: row["sentence_embeddings_sha256"].string)))
        }
        return out
    }

    /// Every chunk's sentence embeddings (concatenated, one per `StoredChunk.sentences` entry), by
    /// chunk id; chunks stored before sentences were embedded are absent.
    /// - Throws: `KnowledgeError` naming the chunk when a blob does not match its stored SHA-256.
    public func sentenceEmbeddings() throws -> [Int64: [Float]] {
        var out: [Int64: [Float]] = [:]
        var damaged: Int64?
        try database.forEachRow(
            """
            SELECT id, sentence_embeddings, sentence_embeddings_sha256 FROM chunks WHERE sentence_embeddings IS NOT NULL
            """
        ) { row in
            let id = row["id"].int64!
            guard
                let vectors = Self.checkedFloats(
                    row["sentence_embeddings"].bytes, checksum: row["sentence_embeddings_sha256"].string)
            else {
                damaged = damaged ?? id
                return
            }
            out[id] = vectors
        }
        if let damaged {
            throw KnowledgeError(
                "the sentence vectors of chunk \(damaged) in \(database.path) do not match their checksum: the store "
                    + "was changed outside grounded; ingest again (changed vectors are embedded anew) or restore the "
                    + "index from a backup"
            )
        }
        return out
    }

    public func maxChunkID() throws -> Int64 {
        try database.query("SELECT coalesce(max(id), 0) AS m FROM chunks").first?["m"].int64 ?? 0
    }

    public func maxDocumentKey() throws -> Int64 {
        try database.query("SELECT coalesce(max(key), 0) AS m FROM documents").first?["m"].int64 ?? 0
    }

    /// Past ingestion runs, newest first.
    /// When `buildID` was made current (the run that built it finished), and the latest run
    /// with when it finished; nil where there is none.
    public func ingestTimes(of buildID: String) throws -> (built: Date?, last: (IngestReport, Date)?) {
        let parse = ISO8601DateFormatter()
        let built = try database.query(
            "SELECT finished_at FROM runs WHERE build_id = ? ORDER BY id LIMIT 1", [buildID]
        ).first?["finished_at"].string.flatMap(parse.date(from:))
        let row = try database.query("SELECT report, finished_at FROM runs ORDER BY id DESC LIMIT 1").first
        let last = try row.flatMap { r -> (IngestReport, Date)? in
            guard let json = r["report"].string, let at = r["finished_at"].string.flatMap(parse.date(from:)) else {
                return nil
            }
            return (try JSONDecoder().decode(IngestReport.self, from: Data(json.utf8)), at)
        }
        return (built, last)
    }

    public func runs(limit: Int = 20) throws -> [IngestReport] {
        try database.query("SELECT report FROM runs ORDER BY id DESC LIMIT ?", [limit]).compactMap {
            try $0["report"].string.map { try JSONDecoder().decode(IngestReport.self, from: Data($0.utf8)) }
        }
    }

    // MARK: codecs

    static func metadata(_ row: Row) throws -> DocumentMetadata {
        let extra =
            (row["extra"].string).flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
            ?? [:]
        return DocumentMetadata(
            id: row["doc_id"].string!, title: row["title"].string!, type: row["type"].string!,
            product: row["product"].string!,
            audience: DocumentMetadata.Audience(rawValue: row["audience"].string!) ?? .internal,
            locale: row["locale"].string!, effective: row["effective"].string,
            version: row["version"].string!, extra: extra)
    }

    static func floats(_ bytes: [UInt8]) -> [Float] {
        bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    static func encodePath(_ path: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(path)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// A chunk's sections as stored; none for NULL (one section, or a chunk stored before them).
    /// - Throws: `DecodingError` when the column holds something other than sections.
    static func decodeSections(_ s: String?) throws -> [ChunkSection] {
        guard let s else { return [] }
        return try JSONDecoder().decode([ChunkSection].self, from: Data(s.utf8))
    }

    static func encodeSections(_ sections: [ChunkSection]) throws -> SQLValue {
        sections.isEmpty ? .null : .text(String(decoding: try JSONEncoder().encode(sections), as: UTF8.self))
    }

    static func decodePath(_ s: String?) -> [String] {
        s.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
    }

    static func encodeSpans(_ spans: [TextSpan]) -> [UInt8] {
        var w = BinaryWriter(capacity: spans.count * 8)
        for s in spans {
            w.append(Int32(s.start))
            w.append(Int32(s.end))
        }
        return w.bytes
    }

    static func decodeSpans(_ bytes: [UInt8]) -> [TextSpan] {
        bytes.withUnsafeBytes { raw in
            var r = BinaryReader(raw)
            var out: [TextSpan] = []
            while let a: Int32 = try? r.read(), let b: Int32 = try? r.read(), a >= 0, a <= b {
                out.append(TextSpan(start: Int(a), end: Int(b)))
            }
            return out
        }
    }
}

/// A knowledge folder that cannot be used, and what to do about it.
public struct KnowledgeError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    static func noIndex(_ path: String) -> KnowledgeError {
        KnowledgeError("no index at \(path): build one with `grounded ingest <corpus-folder> --index \(path)`")
    }
}
