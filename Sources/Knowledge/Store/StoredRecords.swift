import GroundedCore

/// A stored document's identity and what changes when it does.
public struct StoredDocumentSummary: Sendable, Hashable {
    public var key: Int64
    public var metadata: DocumentMetadata
    public var sourcePath: String
    public var contentHash: String
}

/// A stored document with its citable text.
public struct StoredDocument: Sendable {
    /// Whether the text read is the text ingested: checked against the SHA-256 stored with it.
    public enum Integrity: Sendable, Hashable {
        case verified
        /// The text differs from what was ingested (changed outside grounded): never cite it.
        case changed(stored: String, actual: String)
        /// Stored before checksums existed; the next ingest records one.
        case unrecorded

        /// `text` checked against the SHA-256 recorded for it (nil: none recorded).
        static func of(_ text: String, recorded: String?) -> Integrity {
            guard let recorded else { return .unrecorded }
            let actual = Checksum.of(text)
            return actual == recorded ? .verified : .changed(stored: recorded, actual: actual)
        }
    }

    public var key: Int64
    public var metadata: DocumentMetadata
    public var format: DocumentFormat
    public var sourcePath: String
    public var text: SourceText
    public var integrity: Integrity = .unrecorded
    /// The ingest run that took this version out of the corpus; nil for a live version. A retired
    /// version is kept so old answers' citations can be checked, never cited anew.
    public var retiredRun: Int64? = nil

    public init(
        key: Int64, metadata: DocumentMetadata, format: DocumentFormat, sourcePath: String, text: SourceText,
        integrity: Integrity = .unrecorded
    ) {
        self.key = key
        self.metadata = metadata
        self.format = format
        self.sourcePath = sourcePath
        self.text = text
        self.integrity = integrity
    }
}

/// A stored chunk: where it is, without its text (slice the document's text by `span`).
public struct StoredChunk: Sendable, Hashable {
    public var id: Int64
    public var documentKey: Int64
    public var ordinal: Int
    public var span: TextSpan
    public var headingPath: [String]
    public var sentences: [TextSpan]
    /// The sections its sentences fall under when it packs several (`Chunk.sections`).
    public var sections: [ChunkSection] = []

    /// The headings above sentence `index` of `sentences`.
    public func headingPath(ofSentence index: Int) -> [String] {
        sections.headingPath(ofSentence: index, fallback: headingPath)
    }
}

/// The build the indexes on disk belong to.
public struct BuildInfo: Sendable, Hashable, Codable {
    public var buildID: String
    /// The embedder's identifier (model family and, for MiniLM, the weights' SHA-256 prefix).
    public var embedderID: String
    public var runID: Int64
    /// Chunks the embedder was fitted on; a refit is due when the corpus drifts far from it.
    public var embedderFittedChunks: Int
    /// The embedder family; nil in builds made before MiniLM existed means built-in.
    public var embedderKind: EmbedderKind?
    /// SHA-256 of the MiniLM weights that embedded the chunks.
    public var weightsSHA256: String?
    /// Where the MiniLM model was when the index was built (used again unless told otherwise).
    public var modelDirectory: String?
    /// What the build was made with; nil in builds made before settings were recorded.
    public var settings: IngestSettings?

    public var kind: EmbedderKind { embedderKind ?? .builtIn }
}

/// One ingestion run, as recorded in the store.
public struct IngestReport: Sendable, Codable, Hashable {
    public var runID: Int64
    public var buildID: String
    public var added: [String]
    public var changed: [String]
    public var removed: [String]
    public var skipped: [String]
    public var problems: [IngestProblem]
    /// Passages of ingested documents to review (`InstructionScanner`); nil in reports recorded
    /// before warnings existed.
    public var warnings: [IngestWarning]?
    public var documents: Int
    public var chunks: Int
    public var refitEmbedder: Bool
    public var embedderID: String
    public var seconds: Double
    /// With a rebuild: the settings it changed, in words (`IngestSettings.changes(to:)`).
    public var settingsChanged: [String]? = nil
    /// Under automatic versioning, the documents given a version of their own (`id: 2 → 2+1`).
    public var autoVersioned: [String]? = nil
}

/// What rebuilding the indexes needs of a stored chunk: its texts as embedded, and its embeddings
/// when it has them.
struct ChunkIndexRow {
    var id: Int64
    var documentKey: Int64
    var indexText: String
    var sentenceTexts: [String]
    var embedding: [Float]?
    /// One embedding per sentence, concatenated.
    var sentenceEmbeddings: [Float]?
}
