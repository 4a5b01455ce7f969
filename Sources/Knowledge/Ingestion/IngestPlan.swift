/// What an ingest would do, without doing it (`Ingestor.plan`, `grounded ingest --dry-run`): the
/// documents it would add, change, remove and skip, the settings it would change, the documents it
/// would refuse, and each affected document's text diff by section.
public struct IngestPlan: Sendable, Codable {
    public var added: [String]
    public var changed: [String]
    public var removed: [String]
    public var skipped: [String]
    /// Settings the ingest would change (`IngestSettings.changes(to:)`); it needs `rebuild` then.
    public var settingsChanged: [String]
    /// `path (id version v)` of documents whose text changed under an unchanged version: the
    /// ingest would be refused until they carry a new version.
    public var refused: [String]
    /// Under automatic versioning, the documents that would get a version of their own
    /// (`id: 2 → 2+1`).
    public var autoVersioned: [String]
    public var problems: [IngestProblem]
    /// One per document id that gains, changes or loses text, from the stored version it replaces
    /// (the latest stored one of that id) to the corpus's.
    public var diffs: [DocumentDiff]
}
