import Foundation
import Governance
import Storage

extension ServiceStore {
    /// Appends an event to the audit log, sealed onto the last entry (inputs redacted), in one
    /// transaction so that two writers cannot both extend the same entry.
    @discardableResult
    public func audit(_ event: AuditEvent, now: Date = Date()) throws -> AuditEntry {
        try database.transaction {
            // Replicas sharing a store append one at a time, so no two seal onto the same entry.
            try database.lockForAppend("audit")
            let last = try database.query("SELECT body FROM audit ORDER BY sequence DESC LIMIT 1").first
                .map { try Self.decode(AuditEntry.self, $0["body"].string) }
            let entry = AuditChain.seal(event, after: last, now: now)
            _ = try database.run(
                "INSERT INTO audit(sequence, at, action, hash, body) VALUES (?, ?, ?, ?, ?)",
                [entry.sequence, entry.at, entry.action, entry.hash, try Self.json(entry)])
            return entry
        }
    }

    /// The audit log, oldest first.
    public func auditEntries() throws -> [AuditEntry] {
        try database.query("SELECT body FROM audit ORDER BY sequence").map {
            try Self.decode(AuditEntry.self, $0["body"].string)
        }
    }
}
