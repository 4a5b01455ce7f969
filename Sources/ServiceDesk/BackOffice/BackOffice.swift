import Customers
import Foundation
import Governance
import Records
import Routing
import Storage

/// The back office: the use cases that need the service store but no index — the two-person
/// policy gate, retention, the feedback ledger and the outcome reports. `ServiceDesk` holds one;
/// the command line opens one over a store alone, so `grounded policy`, `grounded retention run`,
/// `grounded feedback` and `grounded report` do what the API does.
///
/// Thread safety: as `PolicyBook` and `ServiceStore`; use cases run concurrently.
public final class BackOffice: Sendable {
    public let store: ServiceStore
    /// The approved policies in force, cached (see `PolicyBook`).
    public let policies: PolicyBook

    /// - Parameters:
    ///   - initial: the policies to install as the first approved versions of kinds the store has
    ///     none of (a new installation); nil installs nothing.
    ///   - now: the clock the policies are read and changed by.
    /// - Throws: `DatabaseError` when the initial policies cannot be written.
    public init(
        store: ServiceStore, initial: ServiceConfiguration? = nil, now: @escaping @Sendable () -> Date = Date.init
    ) throws {
        self.store = store
        policies = PolicyBook(store: store, now: now)
        if let initial { try policies.installInitial(initial) }
    }

    /// Each kind's active version and its pending proposals.
    public func policySummaries() throws -> [PolicySummary] {
        let now = policies.now()
        return try PolicyKind.allCases.map { kind in
            let changes = try store.policies.changes(kind: kind)
            return PolicySummary(
                kind: kind, active: PolicyLedger.active(changes, at: now),
                pending: changes.filter { $0.state == .proposed })
        }
    }

    /// Every version of a kind, oldest first.
    public func history(of kind: PolicyKind) throws -> [PolicyChange] { try store.policies.changes(kind: kind) }

    /// A change by id.
    /// - Throws: `UnknownServiceID` when there is none.
    public func change(id: String) throws -> PolicyChange {
        guard let change = try store.policies.change(id: id) else {
            throw UnknownServiceID("no policy change \(id): see the policy history of its kind")
        }
        return change
    }

    /// A change with its diff against the version active now.
    public func view(_ change: PolicyChange) throws -> PolicyChangeView {
        let diff = try store.policies.diff(of: change, at: policies.now())
        return PolicyChangeView(change: change, activeVersion: diff.active?.version, diff: diff.text)
    }

    /// Proposes a new version; it takes effect only once another ops lead approves it.
    /// - Throws: `PolicyError` for a document that is not a valid policy of the kind, or a version
    ///   that exists; `DatabaseError`.
    public func propose(
        kind: PolicyKind, document: PolicyDocument, by proposer: Principal, reason: String, effectiveAt: Date? = nil
    ) throws -> PolicyChange {
        try store.policies.propose(
            kind: kind, document: document, by: proposer, reason: reason, effectiveAt: effectiveAt,
            now: policies.now())
    }

    /// Approves a proposed change (an ops lead who did not propose it); it governs from its
    /// effective time, here at once.
    /// - Throws: `PolicyError` for a self-approval, a caller who may not approve, or a change not
    ///   proposed; `DatabaseError`.
    public func approve(id: String, by approver: Principal) throws -> PolicyChange {
        let change = try store.policies.approve(id: id, by: approver, now: policies.now())
        policies.invalidate()
        return change
    }

    /// Rolls a kind back to the approved version before the active one.
    /// - Throws: `PolicyError` when there is nothing to roll back to; `DatabaseError`.
    public func rollback(
        kind: PolicyKind, by actor: Principal, reason: String
    ) throws -> (undone: PolicyChange, active: PolicyChange) {
        let result = try store.policies.rollback(kind: kind, by: actor, reason: reason, now: policies.now())
        policies.invalidate()
        return result
    }

    /// Purges under the retention policy in force, audited under `actor` (blocking).
    /// - Throws: `PolicyError` when no retention policy is installed; `DatabaseError`.
    public func runRetention(actor: String = "retention-job") throws -> PurgeReport {
        try store.purge(under: try policies.retention(), now: policies.now(), actor: actor)
    }

    /// A customer gives or withdraws consent for one purpose: recorded as an event on their
    /// profile and audited under `actor`, in one transaction.
    /// - Parameter source: where the customer said so (a channel, a form, a call).
    /// - Returns: the customer as updated.
    /// - Throws: `UnknownServiceID` for a customer that does not exist; `CustomerError` or
    ///   `DatabaseError` when the event cannot be recorded.
    public func setConsent(
        of customerID: String, purpose: String, granted: Bool, source: String, by actor: String
    ) throws -> Customer {
        guard try store.customers.customer(id: customerID) != nil else {
            throw UnknownServiceID("no customer with id \(customerID)")
        }
        let event = CustomerEvent(
            type: granted ? "consent_given" : "consent_withdrawn", data: ["purpose": purpose, "source": source])
        return try store.database.transaction {
            let customer = try store.customers.record(event, for: customerID)
            try store.audit.append(
                AuditEvent(
                    actor: actor, action: "consent", subject: customerID,
                    inputs: ["purpose": purpose, "source": source], outcome: granted ? "granted" : "withdrawn"))
            return customer
        }
    }

    /// Erases a customer: their profile, identities, conversations, answers, handoffs and the rest
    /// (see `ServiceStore.erase`), audited under `actor` with what was deleted.
    /// - Returns: how many records of each kind were deleted.
    /// - Throws: `UnknownServiceID` for a customer that does not exist; `DatabaseError`.
    public func erase(customerID: String, by actor: String) throws -> ErasureReport {
        guard try store.customers.customer(id: customerID) != nil else {
            throw UnknownServiceID("no customer with id \(customerID)")
        }
        let report = try store.erase(customerID: customerID)
        try store.audit.append(
            AuditEvent(
                actor: actor, action: "erasure", subject: customerID,
                outcome: "erased "
                    + report.deleted.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        )
        return report
    }

    /// Deletes one target's ratings (or, with both nil, every rating), audited under `actor`.
    /// - Returns: how many ratings were deleted.
    /// - Throws: `DatabaseError` when the store cannot be written.
    public func resetRatings(
        targetKind: FeedbackRecord.TargetKind?, targetID: String?, by actor: Principal, reason: String
    ) throws -> Int {
        try store.feedback.resetRatings(targetKind: targetKind, targetID: targetID, by: actor, reason: reason)
    }

    /// Deflection, escalation, first-contact resolution and the rest, per channel, and per arm of
    /// `experiment` when one is given (customers assigned by its stable hash).
    /// - Throws: `DatabaseError` when the store cannot be read.
    public func report(experiment: ABSwitch? = nil) throws -> ServiceReport {
        try store.report(variant: experiment.map { ab in { ab.arm(for: $0) } })
    }

    /// What votes move under the feedback policy in force, and who cast them.
    /// - Throws: `PolicyError` when no feedback policy is installed; `DatabaseError`.
    public func feedbackReport() throws -> FeedbackReport {
        try store.feedback.report(policy: try policies.feedback())
    }
}

/// A kind of policy: its active version and the proposals waiting for approval.
public struct PolicySummary: Encodable, Sendable {
    public var kind: PolicyKind
    public var active: PolicyChange?
    public var pending: [PolicyChange]
}

/// A change as shown to people: the record, and its diff against the version now active.
public struct PolicyChangeView: Encodable, Sendable {
    public var change: PolicyChange
    public var activeVersion: String?
    public var diff: String
}
