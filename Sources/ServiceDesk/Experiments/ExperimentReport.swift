import Foundation
import Records
import Routing

/// The running experiment's arms side by side: each arm's outcomes with 95% intervals, and
/// whether the guardrail stopped it. Customers count in the arm they are assigned (intention to
/// treat), so a stopped arm's later conversations still count for it.
public struct ExperimentReport: Sendable, Codable, Hashable {
    /// A rate in percent with its 95% Wilson interval.
    public struct Rate: Sendable, Codable, Hashable {
        public var percent: Double
        public var low: Double
        public var high: Double

        init?(_ count: Int, of n: Int) {
            guard let interval = ExperimentStatistics.wilson(count, of: n) else { return nil }
            (percent, low, high) = (
                100 * Double(count) / Double(n), 100 * interval.lowerBound, 100 * interval.upperBound
            )
        }
    }

    /// A mean with its 95% normal interval (nil bounds with fewer than two values).
    public struct Mean: Sendable, Codable, Hashable {
        public var mean: Double
        public var n: Int
        public var low: Double?
        public var high: Double?
    }

    public struct Arm: Sendable, Codable, Hashable {
        public var id: String
        public var share: Double
        public var variant: ReplyVariant
        public var conversations: Int
        public var deflection: Rate?
        public var escalation: Rate?
        public var qaScore: Mean?
        /// Thumbs up among the thumbs on the bot's answers.
        public var thumbsUp: Rate?
        public var thumbs: Int
        public var stopped: ExperimentStore.Stop?
    }

    public var experiment: String
    public var policyVersion: String
    public var arms: [Arm]
}

extension BackOffice {
    /// The service report's outcomes per arm of `experiment`, customers by their assignment.
    /// - Throws: `DatabaseError` when the store cannot be read.
    func outcomesByArm(_ experiment: ExperimentPolicy.Experiment) throws -> [String: ServiceReport.Row] {
        Dictionary(try report(experiment: experiment.assignment).byVariant.map { ($0.group, $0) }) { a, _ in a }
    }

    /// The running experiment's report; nil when no experiment runs.
    /// - Throws: `DatabaseError`, or a policy error when the experiment policy cannot be read.
    public func experimentReport() throws -> ExperimentReport? {
        let policy = try policies.experiment()
        guard let e = policy.experiment else { return nil }
        let rows = try outcomesByArm(e)
        let stops = try store.experiments.stops(experiment: e.id)
        return ExperimentReport(
            experiment: e.id, policyVersion: policy.version,
            arms: e.arms.map { arm in
                let row = rows[arm.id]
                let n = row?.conversations ?? 0
                let qa = row.flatMap { r in
                    r.meanQAScore.map { mean in
                        let interval = r.qaStandardDeviation.flatMap {
                            ExperimentStatistics.meanInterval(mean: mean, standardDeviation: $0, n: r.qaScores)
                        }
                        return ExperimentReport.Mean(
                            mean: mean, n: r.qaScores, low: interval?.lowerBound, high: interval?.upperBound)
                    }
                }
                let thumbs = (row?.thumbsUp ?? 0) + (row?.thumbsDown ?? 0)
                return ExperimentReport.Arm(
                    id: arm.id, share: arm.share, variant: arm.variant, conversations: n,
                    deflection: ExperimentReport.Rate(row?.deflections ?? 0, of: n),
                    escalation: ExperimentReport.Rate(row?.escalations ?? 0, of: n), qaScore: qa,
                    thumbsUp: ExperimentReport.Rate(row?.thumbsUp ?? 0, of: thumbs), thumbs: thumbs,
                    stopped: stops[arm.id])
            })
    }
}
