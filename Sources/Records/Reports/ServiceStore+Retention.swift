import Foundation
import Governance
import Storage

/// What one retention run purged.
public struct PurgeReport: Sendable, Hashable, Codable {
    public var policyVersion: String
    public var at: Date
    /// Rows deleted per kind of data (cascaded rows counted under the table that holds them).
    public var deleted: [String: Int]
}

extension ServiceStore {
    /// Deletes what `policy` no longer allows keeping, older than each kind's period at `now`, in
    /// one transaction, and records the run in the audit log (also when nothing was due, so the
    /// log shows the job ran).
    /// - Parameter actor: who ran it (`retention-job` for the scheduled run, or a person).
    @discardableResult
    public func purge(
        under policy: RetentionPolicy, now: Date = Date(), actor: String = "retention-job"
    ) throws -> PurgeReport {
        func cutoff(_ days: Int?) -> Double? { days.map { now.timeIntervalSince1970 - Double($0) * 86_400 } }
        return try database.transaction {
            var deleted: [String: Int] = [:]
            if let c = cutoff(policy.answersDays) {
                let iso = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: c))
                deleted["answers"] = try database.run("DELETE FROM answers WHERE created_at < ?", [iso])
            }
            if let c = cutoff(policy.conversationsDays) {
                deleted["turns"] =
                    try database.query(
                        """
                        SELECT COUNT(*) AS n FROM turns
                        WHERE conversation_id IN (SELECT id FROM conversations WHERE updated_at < ?)
                        """, [c]
                    ).first?["n"].int ?? 0
                deleted["conversations"] = try database.run("DELETE FROM conversations WHERE updated_at < ?", [c])
            }
            if let c = cutoff(policy.feedbackDays) {
                deleted["feedback"] = try database.run("DELETE FROM feedback WHERE at < ?", [c])
                deleted["suggestion_feedback"] = try database.run("DELETE FROM suggestion_feedback WHERE at < ?", [c])
            }
            if let c = cutoff(policy.routeDecisionsDays) {
                deleted["route_decisions"] = try database.run("DELETE FROM route_decisions WHERE created_at < ?", [c])
            }
            if let c = cutoff(policy.outreachDays) {
                deleted["outreach"] = try database.run("DELETE FROM outreach WHERE created_at < ?", [c])
            }
            if let c = cutoff(policy.eventsDays) {
                deleted["events"] = try database.run("DELETE FROM events WHERE at < ?", [c])
            }
            let report = PurgeReport(policyVersion: policy.version, at: now, deleted: deleted.filter { $0.value > 0 })
            let summary =
                report.deleted.isEmpty
                ? "nothing was due"
                : "purged "
                    + report.deleted.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            try audit.append(
                AuditEvent(
                    actor: actor, action: "retention-purge", subject: "retention", policyVersion: policy.version,
                    outcome: summary), now: now)
            return report
        }
    }
}
