import Foundation

/// A bias audit: for each customer segment (region, locale, plan, channel, tenure band), each
/// outcome's rate per group with its 95% interval, the gap between the highest and lowest group
/// large enough to compare, and whether the policy flags it (larger than its threshold and
/// significant at its level).
public struct FairnessReport: Sendable, Codable, Hashable {
    /// One group's figure: a rate in percent (or a mean QA score) over `n` units, with its 95%
    /// interval; for a rate, `count` is how many of the `n` units had the outcome.
    public struct Figure: Sendable, Codable, Hashable {
        public var group: String
        public var n: Int
        public var count: Int? = nil
        public var value: Double
        public var low: Double
        public var high: Double
    }

    /// One outcome across a dimension's groups.
    public struct Outcome: Sendable, Codable, Hashable {
        /// `answered`, `declined`, `clarify`, `handed-off`, `routed-to-person` or `qa-score`.
        public var name: String
        /// What it counts over: `answers`, `conversations` or `routes` (QA: scored answers).
        public var unit: String
        public var groups: [Figure]
        /// Highest minus lowest among groups of at least the policy's size (not `unknown`).
        public var gap: Double?
        public var highest: String?
        public var lowest: String?
        /// The two-sided z of that difference.
        public var z: Double?
        public var flagged: Bool
    }

    public struct Dimension: Sendable, Codable, Hashable {
        public var name: String
        public var outcomes: [Outcome]
    }

    public var policyVersion: String
    public var dimensions: [Dimension]
    /// Every flagged gap in words ("locale: declined 41.0% for fr-CA against 9.8% for en-US …").
    public var flags: [String]
}
