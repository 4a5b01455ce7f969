import Foundation

/// One automated decision or change, as the audit log keeps it: who or what did what, on which
/// inputs (redacted), under which policy and index versions, with what outcome — chained to the
/// entry before it by hash, so that changing, removing or reordering any entry is detectable.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// 1, 2, 3, … with no gaps.
    public let sequence: Int
    /// Seconds since 1970, as stored (whole milliseconds, so the hash survives any store).
    public let at: Double
    /// Who acted: `bot`, an agent's or an operator's id.
    public let actor: String
    /// `answer`, `decline`, `route`, `suggestion`, `policy-change`, `erasure`, …
    public let action: String
    /// What it was about: an answer, conversation or policy id.
    public let subject: String
    /// The inputs that mattered, personal data redacted.
    public let inputs: [String: String]
    public let policyVersion: String?
    public let indexVersion: String?
    public let outcome: String
    /// The hash of the entry before (64 zeros for the first).
    public let previousHash: String
    /// SHA-256 of this entry's canonical form (every field above).
    public let hash: String
}

/// What a caller records; the chain adds the sequence, time, previous hash and hash.
public struct AuditEvent: Sendable, Hashable {
    public var actor: String
    public var action: String
    public var subject: String
    public var inputs: [String: String]
    public var policyVersion: String?
    public var indexVersion: String?
    public var outcome: String

    public init(
        actor: String, action: String, subject: String, inputs: [String: String] = [:], policyVersion: String? = nil,
        indexVersion: String? = nil, outcome: String
    ) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.inputs = inputs
        self.policyVersion = policyVersion
        self.indexVersion = indexVersion
        self.outcome = outcome
    }
}
