import Foundation

/// A candidate build kept beside the current one for review (`Ingestor.stage`): served on request,
/// made current by `KnowledgeStore.promote`, or discarded.
public struct StagedBuild: Sendable, Codable, Hashable {
    /// The staged build's id.
    public var buildID: String
    /// The build that was current when it was staged (nil: the index had none), and the latest
    /// run then: promotion is refused once the index has moved on from them.
    public var basedOn: String?
    public var basedOnRun: Int64
    /// The corpus it was built from.
    public var corpus: String
    public var stagedAt: Date
    /// The ingest that built it.
    public var report: IngestReport
}
