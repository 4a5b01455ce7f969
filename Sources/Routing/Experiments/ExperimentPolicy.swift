import Foundation
import GroundedCore

/// The reply experiment the service runs, as an approval-gated policy: its arms are reply
/// variants with traffic shares, customers are assigned by a stable hash, and a guardrail stops
/// an arm that does significantly worse than the control (the first arm) on escalation or QA
/// score. `experiment` nil: nothing runs, every customer gets the standard reply.
public struct ExperimentPolicy: Sendable, Hashable, Codable {
    public var version: String
    public var experiment: Experiment?

    public init(version: String = "experiment-0", experiment: Experiment? = nil) {
        self.version = version
        self.experiment = experiment
    }

    /// One experiment: an id (assignment hashes it with the customer), arms, and its guardrail.
    public struct Experiment: Sendable, Hashable, Codable {
        public var id: String
        /// The control first: every other arm is compared with it.
        public var arms: [Arm]
        public var guardrail: Guardrail

        public init(id: String, arms: [Arm], guardrail: Guardrail = .init()) {
            self.id = id
            self.arms = arms
            self.guardrail = guardrail
        }

        /// The stable-hash assignment of customers to arms by share.
        public var assignment: ABSwitch {
            // `validate()` checked ids and shares.
            try! ABSwitch(experiment: id, arms: arms.map(\.id), weights: arms.map(\.share))
        }
    }

    /// One arm: a share of traffic and the reply it serves.
    public struct Arm: Sendable, Hashable, Codable {
        public var id: String
        /// Relative share of customers (need not sum to 1).
        public var share: Double
        public var variant: ReplyVariant

        public init(id: String, share: Double = 1, variant: ReplyVariant = .init()) {
            self.id = id
            self.share = share
            self.variant = variant
        }
    }

    /// When an arm is stopped: it is compared with the control once both have
    /// `minimumConversations`, one-sided at level `alpha`.
    public struct Guardrail: Sendable, Hashable, Codable {
        /// Default 100: below it a difference of 10 points in escalation is not significant anyway.
        public var minimumConversations: Int
        /// Default 0.01: a test runs after every `checkEvery` answers, so a strict level keeps
        /// repeated looks from stopping a fair arm by chance.
        public var alpha: Double
        /// Answers between checks. Default 50.
        public var checkEvery: Int

        public init(minimumConversations: Int = 100, alpha: Double = 0.01, checkEvery: Int = 50) {
            self.minimumConversations = minimumConversations
            self.alpha = alpha
            self.checkEvery = checkEvery
        }
    }

    /// - Throws: `IntentDataError` naming what cannot work.
    public func validate() throws {
        func fail(_ p: String) -> IntentDataError { IntentDataError(source: "experiment policy", problem: p) }
        if version.isEmpty { throw fail("version is empty") }
        guard let e = experiment else { return }
        if e.id.isEmpty { throw fail("the experiment needs an id") }
        if e.arms.count < 2 { throw fail("an experiment needs a control arm and at least one other") }
        if Set(e.arms.map(\.id)).count != e.arms.count || e.arms.contains(where: { $0.id.isEmpty }) {
            throw fail("arm ids must be distinct and not empty")
        }
        if let bad = e.arms.first(where: { !($0.share > 0 && $0.share.isFinite) }) {
            throw fail("arm \(bad.id) has share \(bad.share): a share must be positive")
        }
        for arm in e.arms { try arm.variant.validate(arm: arm.id) }
        let g = e.guardrail
        if g.minimumConversations < 10 { throw fail("guardrail.minimumConversations must be at least 10") }
        if !(g.alpha > 0 && g.alpha < 0.5) { throw fail("guardrail.alpha must be in (0, 0.5)") }
        if g.checkEvery < 1 { throw fail("guardrail.checkEvery must be at least 1") }
    }
}
