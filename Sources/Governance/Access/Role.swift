/// What a caller may do. Every API key carries exactly one role; each route names the roles it
/// admits (see `AccessRule` in the server), and anything not named is refused.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    /// A self-service channel (web chat, SMS, voice, email bridge): asks, routes, reports events.
    case channel
    /// A person in the contact centre: handoffs, conversations, suggestions, replies.
    case agent
    /// Owns the documents of the knowledge base; may propose policy changes.
    case knowledgeManager = "knowledge-manager"
    /// Scores answers and works the review queue.
    case qa
    /// The service-operations lead: the only role that approves or rolls back a policy.
    case opsLead = "ops-lead"
    /// Runs the installation: keys, erasure, every read. Not an approver (separation of duties).
    case admin

    /// Parses a role name, saying which names exist when it is not one.
    /// - Throws: `AccessError` for an unknown name.
    public init(parsing name: String) throws {
        guard let role = Role(rawValue: name) else {
            throw AccessError(
                .unknownRole,
                "unknown role `\(name)`: use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = role
    }
}
