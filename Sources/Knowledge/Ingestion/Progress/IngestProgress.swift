import Foundation

/// Where a running ingest is: reported to `IngestOptions.progress` as each step advances.
public struct IngestProgress: Sendable, Hashable, Codable {
    public enum Phase: String, Sendable, Codable, CaseIterable {
        /// Reading and chunking the corpus's files.
        case reading
        /// Embedding new (or, after a refit, all) chunks and their sentences.
        case embedding
        /// Building the vector and lexical indexes and writing them.
        case indexing
        /// Committed: the new build is current.
        case done
    }

    public var phase: Phase
    /// Corpus files read so far, and in all.
    public var files: Int
    public var filesTotal: Int
    /// Documents found in the corpus, and the chunks they make (known once reading ends).
    public var documents: Int
    public var chunks: Int
    /// Texts (chunks and sentences) embedded so far, and how many this ingest embeds.
    public var embedded: Int
    public var embedTotal: Int
    /// Texts embedded per second so far in this phase; nil before the first batch.
    public var embeddedPerSecond: Double?
    /// Estimated seconds until embedding ends, at the rate so far; nil when unknown.
    public var secondsLeft: Double?
    /// Seconds since the ingest started.
    public var elapsed: Double
}
