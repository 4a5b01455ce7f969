import Foundation
import Governance
import GroundedCore
import Storage

/// The API keys of an installation, in their own SQLite database (`access.sqlite`): id, SHA-256
/// of the secret, holder, role, tenant, when made and when revoked. The plain key is never stored.
///
/// Thread safety: every call goes through the connection's lock (see `Database`).
public final class AccessStore: Sendable {
    public let database: any SQLDatabase

    static let migrations = [
        """
        CREATE TABLE api_keys(
            id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, person TEXT NOT NULL, role TEXT NOT NULL,
            tenant TEXT NOT NULL, created_at REAL NOT NULL, revoked_at REAL);
        """
    ]

    /// Opens (creating and migrating) `directory/access.sqlite`.
    /// - Throws: `DatabaseError` when the file is not a database or cannot be created.
    public convenience init(directory: URL) throws {
        try PrivateDirectory.create(at: directory)
        try self.init(database: try Database(path: directory.appendingPathComponent("access.sqlite").path))
    }

    /// Opens the key store in `database` (SQLite or PostgreSQL), migrating it.
    public init(database: any SQLDatabase) throws {
        self.database = database
        try database.migrate(Self.migrations)
    }

    /// A key as listed: everything but the secret.
    public struct KeyRecord: Sendable, Hashable, Codable {
        public let principal: Principal
        public let createdAt: Date
        public let revokedAt: Date?
    }

    /// Makes a key for `person` with `role` in `tenant` and returns it; the plain key exists only
    /// in the return value.
    /// - Throws: `AccessError` for an empty person or a tenant name that is not `[a-z0-9-]{1,40}`.
    public func issue(
        person: String, role: Role, tenant: String, now: Date = Date()
    ) throws -> (key: APIKey, principal: Principal) {
        let person = person.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !person.isEmpty, person.count <= 200 else {
            throw AccessError(
                .invalidPerson, "say who holds the key (--person alice@example.com), at most 200 characters")
        }
        try Self.validate(tenant: tenant)
        let key = APIKey.generate()
        try database.run(
            "INSERT INTO api_keys(id, secret_hash, person, role, tenant, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [key.id, key.secretHash, person, role.rawValue, tenant, now.timeIntervalSince1970])
        return (key, Principal(keyID: key.id, person: person, role: role, tenant: tenant))
    }

    /// The principal a key speaks for.
    /// - Throws: `AccessError` when the key is malformed, unknown, wrong or revoked — each says so,
    ///   but never reveals whether an id exists with another secret.
    public func authenticate(_ text: String) throws -> Principal {
        let key = try APIKey(parsing: text)
        guard let row = try database.query("SELECT * FROM api_keys WHERE id = ?", [key.id]).first,
            let stored = row["secret_hash"].string, APIKey.constantTimeEqual(stored, key.secretHash)
        else {
            throw AccessError(.unknownKey, "the API key is not valid: ask an admin for a key (grounded keys create)")
        }
        guard row["revoked_at"] == .null else {
            throw AccessError(.revokedKey, "the API key \(key.id) was revoked: ask an admin for a new one")
        }
        return try Self.principal(row)
    }

    /// Every key, newest first, revoked ones included.
    public func keys() throws -> [KeyRecord] {
        try database.query("SELECT * FROM api_keys ORDER BY created_at DESC, id").map { row in
            KeyRecord(
                principal: try Self.principal(row),
                createdAt: Date(timeIntervalSince1970: row["created_at"].double ?? 0),
                revokedAt: row["revoked_at"].double.map(Date.init(timeIntervalSince1970:)))
        }
    }

    /// Revokes a key by id; true when it existed and was live.
    @discardableResult
    public func revoke(id: String, now: Date = Date()) throws -> Bool {
        try database.run(
            "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [now.timeIntervalSince1970, id])
            == 1
    }

    /// True when no key was ever issued (a new installation).
    public func isEmpty() throws -> Bool {
        try database.query("SELECT count(*) AS n FROM api_keys").first?["n"].int == 0
    }

    /// Tenant names are path- and label-safe: lower-case letters, digits and dashes, 1–40 long.
    public static func validate(tenant: String) throws {
        guard (1...40).contains(tenant.count),
            tenant.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" })
        else {
            throw AccessError(
                .invalidTenant, "tenant `\(tenant)` is not a valid name: use 1-40 lower-case letters, digits and dashes"
            )
        }
    }

    static func principal(_ row: Row) throws -> Principal {
        Principal(
            keyID: row["id"].string ?? "", person: row["person"].string ?? "",
            role: try Role(parsing: row["role"].string ?? ""), tenant: row["tenant"].string ?? "")
    }
}
