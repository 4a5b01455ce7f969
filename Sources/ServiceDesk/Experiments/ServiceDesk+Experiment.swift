import Engine
import Foundation
import Governance
import Knowledge
import Records
import Routing
import Storage
import Synchronization

/// The reply experiment: which arm a customer is served, and the guardrail that stops an arm
/// doing significantly worse than the control.
extension ServiceDesk {
    /// The arm `customerID` is assigned in the running experiment and the variant they are
    /// served (the control's when their arm was stopped); nil when no experiment runs.
    func servedArm(for customerID: String) throws -> (arm: ServedArm, variant: ReplyVariant)? {
        guard let e = try policies.experiment().experiment else { return nil }
        let assigned = e.assignment.arm(for: customerID)
        let stopped = try store.experiments.stops(experiment: e.id)[assigned] != nil
        let arm = e.arms.first { $0.id == assigned } ?? e.arms[0]
        return (
            ServedArm(experiment: e.id, arm: assigned, stopped: stopped), stopped ? e.arms[0].variant : arm.variant
        )
    }

    /// Counts an answer given in the experiment and runs the guardrail, in the background, every
    /// `checkEvery` answers. The guardrail is a check after the fact: failing to run it costs no answer.
    func countForGuardrail() {
        guard let e = try? policies.experiment().experiment else { return }
        let due = answersSinceGuardrail.withLock { n -> Bool in
            n += 1
            guard n >= e.guardrail.checkEvery else { return false }
            n = 0
            return true
        }
        // It reads the whole service report: off the answer's request, so no customer waits for it.
        if due { Task.detached(priority: .utility) { [self] in _ = try? checkGuardrail() } }
    }

    /// Compares every arm with the control (the first) once both have the guardrail's minimum
    /// of conversations, and stops an arm whose escalation rate is significantly higher or whose
    /// mean QA score is significantly lower (one-sided z tests at the guardrail's `alpha`).
    /// Each stop is recorded and audited in one transaction; a stopped arm serves the control's
    /// reply from then on.
    /// - Returns: the arms this call stopped.
    /// - Throws: `DatabaseError`, or a policy error when the experiment policy cannot be read.
    @discardableResult
    public func checkGuardrail(now: Date = Date()) throws -> [ExperimentStore.Stop] {
        let policy = try policies.experiment()
        guard let e = policy.experiment else { return [] }
        let rows = try backOffice.outcomesByArm(e)
        let g = e.guardrail
        guard let control = rows[e.arms[0].id], control.conversations >= g.minimumConversations else { return [] }
        let bar = ExperimentStatistics.normalQuantile(1 - g.alpha)
        let already = try store.experiments.stops(experiment: e.id)
        var stopped: [ExperimentStore.Stop] = []
        for arm in e.arms.dropFirst() where already[arm.id] == nil {
            guard let row = rows[arm.id], row.conversations >= g.minimumConversations else { continue }
            var worse: [String] = []
            if let z = ExperimentStatistics.higherRate(
                arm: (row.escalations, row.conversations), control: (control.escalations, control.conversations)),
                z > bar
            {
                worse.append(
                    String(
                        format: "escalation %.1f%% against the control's %.1f%% (z %.2f > %.2f)",
                        row.escalationRate ?? 0, control.escalationRate ?? 0, z, bar))
            }
            if let m = row.meanQAScore, let sd = row.qaStandardDeviation, let cm = control.meanQAScore,
                let csd = control.qaStandardDeviation,
                let z = ExperimentStatistics.lowerMean(
                    arm: (m, sd, row.qaScores), control: (cm, csd, control.qaScores)),
                z > bar
            {
                worse.append(
                    String(format: "mean QA score %.2f against the control's %.2f (z %.2f > %.2f)", m, cm, z, bar))
            }
            guard !worse.isEmpty else { continue }
            let reason =
                worse.joined(separator: "; ")
                + " after \(row.conversations) conversations (control \(control.conversations)); one-sided, alpha "
                + "\(g.alpha), experiment policy \(policy.version)"
            try store.database.transaction {
                guard try store.experiments.stop(experiment: e.id, arm: arm.id, reason: reason, at: now) else { return }
                try store.audit.append(
                    AuditEvent(
                        actor: "guardrail", action: "experiment-arm-stopped", subject: "\(e.id)/\(arm.id)",
                        inputs: [
                            "conversations": String(row.conversations), "control": String(control.conversations),
                        ],
                        policyVersion: policy.version, indexVersion: engine.knowledge.build.buildID, outcome: reason))
                stopped.append(ExperimentStore.Stop(arm: arm.id, at: now, reason: reason))
            }
        }
        return stopped
    }
}
