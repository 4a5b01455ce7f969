import Foundation
import Governance
import Storage

/// The audit log: every change of policy, data or votes, sealed onto the entry before it
/// (`AuditChain`), so a changed or missing entry breaks the chain.
///
/// Thread safety: a value over the store's connection; every call goes through its lock.
public struct AuditLog: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    /// Appends an event to the audit log, sealed onto the last entry (inputs redacted), in one
    /// transaction so that two writers cannot both extend the same entry.
    @discardableResult
    public func append(_ event: AuditEvent, now: Date = Date()) throws -> AuditEntry {
        try database.transaction {
            // Replicas sharing a store append one at a time, so no two seal onto the same entry.
            try database.lockForAppend("audit")
            let last = try database.query("SELECT body FROM audit ORDER BY sequence DESC LIMIT 1").first
                .map { try RecordCoding.decode(AuditEntry.self, $0["body"].string) }
            let entry = AuditChain.seal(event, after: last, now: now)
            _ = try database.run(
                "INSERT INTO audit(sequence, at, action, hash, body) VALUES (?, ?, ?, ?, ?)",
                [entry.sequence, entry.at, entry.action, entry.hash, try RecordCoding.json(entry)])
            return entry
        }
    }

    /// The audit log, oldest first.
    public func entries() throws -> [AuditEntry] {
        try database.query("SELECT body FROM audit ORDER BY sequence").map {
            try RecordCoding.decode(AuditEntry.self, $0["body"].string)
        }
    }
}
