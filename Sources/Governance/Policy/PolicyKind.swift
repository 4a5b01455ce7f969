/// The policies that govern the service, each a versioned JSON document that changes only by an
/// approved proposal (see `PolicyChange`).
public enum PolicyKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Who answers: confidence thresholds, escalations, queues (`RoutePolicy`).
    case routing
    /// When an answered conversation still goes to a person (`HandoffPolicy`).
    case handoff
    /// When the service messages a customer first (`ProactivePolicy`).
    case proactive
    /// How long each kind of data is kept (`RetentionPolicy`).
    case retention
    /// The gate's own rules: approvals required and notice (`ApprovalPolicy`).
    case approval
    /// How far votes may move ranking: voters needed, weights by role, the bound (`FeedbackPolicy`).
    case feedback
    /// The reply experiment: arms as reply variants with shares, and its guardrail
    /// (`ExperimentPolicy`).
    case experiment
    /// What the bias audit flags: gap thresholds, group sizes, significance (`FairnessPolicy`).
    case fairness

    /// - Throws: `PolicyError(.unknownKind)` naming the kinds that exist.
    public init(parsing name: String) throws {
        guard let kind = PolicyKind(rawValue: name) else {
            throw PolicyError(
                .unknownKind,
                """
                unknown policy kind `\(name)`: use one of \
                \(PolicyKind.allCases.map(\.rawValue).joined(separator: ", "))
                """
            )
        }
        self = kind
    }
}
