import Foundation

/// The rules of the policy gate, over the changes of one kind, as pure functions: what is active
/// when, who may approve, what a rollback restores. The store keeps the changes; this decides.
public enum PolicyLedger {
    /// The change governing at `now`: the approved (not rolled-back) change that took effect
    /// last, at or before `now`.
    public static func active(_ changes: [PolicyChange], at now: Date) -> PolicyChange? {
        changes.filter { $0.state == .approved && ($0.takesEffect ?? .distantFuture) <= now }
            .max { ($0.takesEffect!, $0.approvedAt!) < ($1.takesEffect!, $1.approvedAt!) }
    }

    /// The next moment the active change of this kind changes by itself (an approved change's
    /// effective date still ahead), if any.
    public static func nextTransition(_ changes: [PolicyChange], after now: Date) -> Date? {
        changes.filter { $0.state == .approved }.compactMap(\.takesEffect).filter { $0 > now }.min()
    }

    /// Records `approver`'s approval of `change` under `rules`: the change is approved once
    /// `rules.approvalsRequired` distinct ops leads other than the proposer have approved, and
    /// governs no earlier than `rules.minimumNoticeHours` after the last approval.
    /// - Throws: `PolicyError`, as `checkApproval`.
    public static func approve(
        _ change: PolicyChange, by approver: Principal, under rules: ApprovalPolicy, at now: Date
    ) throws -> PolicyChange {
        try checkApproval(of: change, by: approver)
        var change = change
        change.approvals.append(approver.person)
        guard change.approvals.count >= rules.approvalsRequired else { return change }
        change.state = .approved
        change.approvedBy = approver.person
        change.approvedAt = now
        let earliest = now.addingTimeInterval(rules.minimumNoticeHours * 3_600)
        if rules.minimumNoticeHours > 0, (change.effectiveAt ?? now) < earliest { change.effectiveAt = earliest }
        return change
    }

    /// Checks that `approver` may approve `change`.
    /// - Throws: `PolicyError` when the change is not awaiting approval, the approver proposed it
    ///   (approval needs a second person), already approved it, or is not an ops lead.
    public static func checkApproval(of change: PolicyChange, by approver: Principal) throws {
        guard change.state == .proposed else {
            throw PolicyError(.notProposed, "change \(change.id) is \(change.state.rawValue), not awaiting approval")
        }
        guard approver.role == .opsLead else {
            throw PolicyError(
                .notApprover,
                "only an ops lead approves policy changes; \(approver.person) is \(approver.role.rawValue)")
        }
        guard approver.person.caseInsensitiveCompare(change.proposedBy) != .orderedSame else {
            throw PolicyError(
                .selfApproval,
                "\(approver.person) proposed change \(change.id) and cannot approve it: another ops lead must")
        }
        guard !change.approvals.contains(where: { $0.caseInsensitiveCompare(approver.person) == .orderedSame }) else {
            throw PolicyError(
                .selfApproval, "\(approver.person) already approved change \(change.id): another ops lead must")
        }
    }

    /// Checks that `actor` may roll back, and returns the change that a rollback at `now` undoes.
    /// - Throws: `PolicyError` when the actor is not an ops lead or no earlier approved version
    ///   would remain active.
    public static func rollbackTarget(
        _ changes: [PolicyChange], kind: PolicyKind, by actor: Principal, at now: Date
    ) throws -> PolicyChange {
        guard actor.role == .opsLead else {
            throw PolicyError(
                .notApprover, "only an ops lead rolls back a policy; \(actor.person) is \(actor.role.rawValue)")
        }
        guard let current = active(changes, at: now) else {
            throw PolicyError(.nothingToRollBack, "no \(kind.rawValue) policy is active")
        }
        let rest = changes.filter { $0.id != current.id }
        guard active(rest, at: now) != nil else {
            throw PolicyError(
                .nothingToRollBack,
                "the \(kind.rawValue) policy \(current.version) is the first approved version: there is nothing to "
                    + "roll back to"
            )
        }
        return current
    }
}
