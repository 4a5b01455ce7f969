/// One version of a document as the store keeps it, without its text: every version ever
/// ingested stays, live or retired.
public struct ArchivedVersion: Sendable, Hashable, Codable {
    public var documentID: String
    public var version: String
    /// SHA-256 of its text as ingested.
    public var sha256: String
    /// The ingest run that first stored it.
    public var firstRun: Int64
    /// The run that took it out of the corpus; nil while it is live.
    public var retiredRun: Int64?

    /// `id@version`.
    public var key: String { "\(documentID)@\(version)" }
}
