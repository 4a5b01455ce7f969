import Foundation

/// One version of one policy, from proposal to approval (and perhaps rollback).
///
/// A change is `proposed` by someone; it takes effect only once a different person with the
/// ops-lead role approves it, at `effectiveAt` (or at approval when that is earlier or unset).
/// A rollback marks the active change `rolledBack`, so the approved change before it is active
/// again. The initial policy of a new installation is recorded as approved by `configuration`.
public struct PolicyChange: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        case proposed, approved
        case rolledBack = "rolled-back"
    }

    public let id: String
    public let kind: PolicyKind
    /// The document's own `version` field.
    public let version: String
    /// The document, as canonical JSON (sorted keys, pretty-printed).
    public let document: String
    public var state: State
    public let proposedBy: String
    public let proposedAt: Date
    /// When it should take effect once approved; nil: at approval. An approval under a policy
    /// with notice moves it to the end of the notice, if that is later.
    public var effectiveAt: Date?
    /// Why it is proposed.
    public let reason: String
    /// The version active when it was proposed (what the diff is against).
    public let basedOn: String?
    /// Who approved so far, in order (the approval policy says how many are needed).
    public var approvals: [String]
    /// The approver whose approval completed it.
    public var approvedBy: String?
    public var approvedAt: Date?
    public var rolledBackBy: String?
    public var rolledBackAt: Date?

    public init(
        id: String, kind: PolicyKind, version: String, document: String, state: State, proposedBy: String,
        proposedAt: Date,
        effectiveAt: Date?, reason: String, basedOn: String?, approvals: [String] = [], approvedBy: String? = nil,
        approvedAt: Date? = nil, rolledBackBy: String? = nil, rolledBackAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.version = version
        self.document = document
        self.state = state
        self.proposedBy = proposedBy
        self.proposedAt = proposedAt
        self.effectiveAt = effectiveAt
        self.reason = reason
        self.basedOn = basedOn
        self.approvals = approvals
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.rolledBackBy = rolledBackBy
        self.rolledBackAt = rolledBackAt
    }

    /// When an approved change governs: its effective date, or its approval if later.
    public var takesEffect: Date? {
        guard let approvedAt else { return nil }
        guard let effectiveAt else { return approvedAt }
        return max(effectiveAt, approvedAt)
    }
}
