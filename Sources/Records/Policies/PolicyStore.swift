import Foundation
import Governance
import Storage

/// The policy gate's records: every version of every policy, proposed, approved or rolled back,
/// each step audited. Nothing here lets a change take effect without an ops lead other than its
/// proposer (see `PolicyLedger`); the service only ever reads. What a valid document of each
/// kind is, the layer above knows: proposing takes its validator.
///
/// Thread safety: a value over the store's connection; every call goes through its lock.
public struct PolicyStore: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    /// Every change of a kind, oldest proposal first.
    public func changes(kind: PolicyKind) throws -> [PolicyChange] {
        try database.query("SELECT body FROM policy_changes WHERE kind = ? ORDER BY proposed_at, id", [kind.rawValue])
            .map { try RecordCoding.decode(PolicyChange.self, $0["body"].string) }
    }

    public func change(id: String) throws -> PolicyChange? {
        try database.query("SELECT body FROM policy_changes WHERE id = ?", [id]).first.map {
            try RecordCoding.decode(PolicyChange.self, $0["body"].string)
        }
    }

    /// The change governing a kind at `now` (nil before the first is installed).
    public func active(kind: PolicyKind, at now: Date = Date()) throws -> PolicyChange? {
        PolicyLedger.active(try changes(kind: kind), at: now)
    }

    /// The document in force for a kind, decoded; nil before one is installed.
    public func policy<T: Decodable>(_ type: T.Type, kind: PolicyKind, at now: Date = Date()) throws -> T? {
        try active(kind: kind, at: now).map { try JSONDecoder().decode(T.self, from: Data($0.document.utf8)) }
    }

    /// A change as a unified diff against the version in force at `now`.
    public func diff(of change: PolicyChange, at now: Date = Date()) throws -> (active: PolicyChange?, text: String) {
        let active = try active(kind: change.kind, at: now)
        return (
            active,
            LineDiff.unified(
                from: active?.document ?? "", to: change.document,
                oldName: active.map { "active \($0.version)" } ?? "none", newName: change.version)
        )
    }

    /// Installs the initial policy of a kind from configuration, approved by `configuration`,
    /// when the store has no approved version of it (proposals made before the first start do
    /// not count); otherwise changes nothing.
    /// - Returns: the change installed, or nil when the kind already had one.
    @discardableResult
    public func installInitial(
        kind: PolicyKind, document: PolicyDocument, now: Date = Date(),
        validatedBy validate: (PolicyDocument, PolicyKind) throws -> Void
    ) throws -> PolicyChange? {
        try validate(document, kind)
        return try database.transaction {
            guard !(try changes(kind: kind)).contains(where: { $0.approvedAt != nil }) else { return nil }
            let change = PolicyChange(
                id: RecordCoding.makeID("pol_"), kind: kind, version: document.version, document: document.text,
                state: .approved,
                proposedBy: "configuration", proposedAt: now, effectiveAt: nil,
                reason: "initial policy from configuration",
                basedOn: nil, approvals: ["configuration"], approvedBy: "configuration", approvedAt: now)
            try insert(change)
            try AuditLog(database: database).append(
                AuditEvent(
                    actor: "configuration", action: "policy-installed", subject: change.id,
                    inputs: ["kind": kind.rawValue, "version": change.version], policyVersion: change.version,
                    outcome: "active"), now: now)
            return change
        }
    }

    /// Records a proposed change; it does nothing until approved.
    /// - Throws: `PolicyError` for an invalid document or a version equal to the active one's.
    public func propose(
        kind: PolicyKind, document: PolicyDocument, by proposer: Principal, reason: String,
        effectiveAt: Date? = nil, now: Date = Date(),
        validatedBy validate: (PolicyDocument, PolicyKind) throws -> Void
    ) throws -> PolicyChange {
        try validate(document, kind)
        return try database.transaction {
            let changes = try changes(kind: kind)
            let active = PolicyLedger.active(changes, at: now)
            if changes.contains(where: { $0.version == document.version && $0.state != .rolledBack }) {
                throw PolicyError(
                    .sameVersion,
                    "a \(kind.rawValue) policy with version \(document.version) exists: give the change a new version")
            }
            let change = PolicyChange(
                id: RecordCoding.makeID("pol_"), kind: kind, version: document.version, document: document.text,
                state: .proposed,
                proposedBy: proposer.person, proposedAt: now, effectiveAt: effectiveAt, reason: reason,
                basedOn: active?.version)
            try insert(change)
            try AuditLog(database: database).append(
                AuditEvent(
                    actor: proposer.person, action: "policy-proposed", subject: change.id,
                    inputs: [
                        "kind": kind.rawValue, "version": change.version, "basedOn": active?.version ?? "none",
                        "reason": reason,
                        "effectiveAt": effectiveAt.map { ISO8601DateFormatter().string(from: $0) } ?? "on approval",
                    ],
                    policyVersion: active?.version, outcome: "proposed"), now: now)
            return change
        }
    }

    /// Approves a proposed change: it governs from its effective date (or now).
    /// - Throws: `PolicyError` for an unknown change, one not awaiting approval, an approver who
    ///   proposed it or who is not an ops lead; nothing is written then.
    public func approve(id: String, by approver: Principal, now: Date = Date()) throws -> PolicyChange {
        try database.transaction {
            guard let proposed = try change(id: id) else {
                throw PolicyError(.unknownChange, "no policy change \(id): list them with grounded policy history")
            }
            let rules = try policy(ApprovalPolicy.self, kind: .approval, at: now) ?? ApprovalPolicy()
            let change = try PolicyLedger.approve(proposed, by: approver, under: rules, at: now)
            try update(change)
            let outcome =
                change.state == .approved
                ? "approved, effective \(ISO8601DateFormatter().string(from: change.takesEffect ?? now))"
                : "approval \(change.approvals.count) of \(rules.approvalsRequired)"
            try AuditLog(database: database).append(
                AuditEvent(
                    actor: approver.person, action: "policy-change", subject: change.id,
                    inputs: [
                        "kind": change.kind.rawValue, "version": change.version, "proposedBy": change.proposedBy,
                        "basedOn": change.basedOn ?? "none", "rules": rules.version,
                    ],
                    policyVersion: change.version, outcome: outcome), now: now)
            return change
        }
    }

    /// Rolls back the active change of a kind: the approved change before it governs again.
    /// - Throws: `PolicyError` when the actor is not an ops lead or there is no earlier version.
    public func rollback(
        kind: PolicyKind, by actor: Principal, reason: String, now: Date = Date()
    ) throws -> (undone: PolicyChange, active: PolicyChange) {
        try database.transaction {
            let changes = try changes(kind: kind)
            var undone = try PolicyLedger.rollbackTarget(changes, kind: kind, by: actor, at: now)
            undone.state = .rolledBack
            undone.rolledBackBy = actor.person
            undone.rolledBackAt = now
            try update(undone)
            let active = PolicyLedger.active(changes.map { $0.id == undone.id ? undone : $0 }, at: now)!
            try AuditLog(database: database).append(
                AuditEvent(
                    actor: actor.person, action: "policy-rollback", subject: undone.id,
                    inputs: ["kind": kind.rawValue, "undone": undone.version, "reason": reason],
                    policyVersion: active.version,
                    outcome: "rolled back to \(active.version)"), now: now)
            return (undone, active)
        }
    }

    private func insert(_ change: PolicyChange) throws {
        try database.run(
            "INSERT INTO policy_changes(id, kind, proposed_at, body) VALUES (?, ?, ?, ?)",
            [change.id, change.kind.rawValue, change.proposedAt.timeIntervalSince1970, try RecordCoding.json(change)])
    }

    private func update(_ change: PolicyChange) throws {
        try database.run("UPDATE policy_changes SET body = ? WHERE id = ?", [try RecordCoding.json(change), change.id])
    }
}
