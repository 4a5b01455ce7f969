/// Who is calling, as an API key says: the key's id, the person or system it was issued to, the
/// role it carries and the tenant (company) it belongs to. A principal sees only its tenant.
public struct Principal: Sendable, Hashable, Codable {
    /// The key's public id (the part before the secret); safe to log.
    public let keyID: String
    /// Who holds the key: a person (`alice@example.com`) or a system (`web-chat`).
    public let person: String
    public let role: Role
    public let tenant: String

    public init(keyID: String, person: String, role: Role, tenant: String) {
        self.keyID = keyID
        self.person = person
        self.role = role
        self.tenant = tenant
    }
}
