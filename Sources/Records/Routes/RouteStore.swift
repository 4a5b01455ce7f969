import Foundation
import Storage

/// A route decision as stored: the columns the store queries and purges by, and the decision
/// itself as JSON, written and read by the routing layer above (the store never reads inside it).
public struct RouteRecord: Sendable, Hashable {
    public var id: String
    public var createdAt: Date
    public var conversationID: String?
    /// `answer`, `handoff`, `clarify`, …
    public var action: String
    public var queue: String?
    public var rule: String
    public var policyVersion: String
    /// The recorded decision, with its inputs, as JSON.
    public var body: String

    public init(
        id: String, createdAt: Date, conversationID: String?, action: String, queue: String?, rule: String,
        policyVersion: String, body: String
    ) {
        self.id = id
        self.createdAt = createdAt
        self.conversationID = conversationID
        self.action = action
        self.queue = queue
        self.rule = rule
        self.policyVersion = policyVersion
        self.body = body
    }
}

/// Route decisions, append-only, with their inputs.
///
/// Thread safety: a value over the store's connection; every call goes through its lock.
public struct RouteStore: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    /// Records a route decision (append-only).
    /// - Throws: `DatabaseError` for an id already recorded.
    public func save(_ record: RouteRecord) throws {
        _ = try database.run(
            """
            INSERT INTO route_decisions(id, created_at, conversation_id, action, queue, rule, policy_version, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                record.id, record.createdAt.timeIntervalSince1970, record.conversationID, record.action, record.queue,
                record.rule, record.policyVersion, record.body,
            ])
    }

    /// The decision with this id, or nil.
    public func record(id: String) throws -> RouteRecord? {
        try database.query("SELECT * FROM route_decisions WHERE id = ?", [id]).first.map {
            RouteRecord(
                id: $0["id"].string ?? id, createdAt: Date(timeIntervalSince1970: $0["created_at"].double ?? 0),
                conversationID: $0["conversation_id"].string, action: $0["action"].string ?? "",
                queue: $0["queue"].string, rule: $0["rule"].string ?? "",
                policyVersion: $0["policy_version"].string ?? "", body: $0["body"].string ?? "")
        }
    }
}
