import Customers
import Foundation
import Governance
import GroundedTesting
import Records
import Storage
import Testing

@Suite("API keys")
struct AccessStoreTests {
    @Test(
        """
        a key authenticates as its holder, role and tenant; only its hash is stored; a wrong secret or a revoked key \
        is refused
        """
    )
    func keys() throws {
        let access = try AccessStore(database: try CustomerStoreTests.database("access"))
        #expect(try access.isEmpty())
        let (key, principal) = try access.issue(person: "alice@example.com", role: .opsLead, tenant: "acme")
        #expect(
            try access.authenticate(key.text) == principal && principal.role == .opsLead && principal.tenant == "acme")
        let stored = try access.database.query("SELECT * FROM api_keys").flatMap { $0.values.compactMap(\.string) }
            .joined()
        #expect(
            !stored.contains(key.secret) && stored.contains(key.secretHash), "the secret is never stored, only its hash"
        )

        let forged = "gk_\(key.id)_" + String(repeating: "0", count: 32)
        #expect(throws: AccessError.self) { try access.authenticate(forged) }
        #expect(throws: AccessError.self) { try access.authenticate("gk_nothex") }
        #expect(throws: AccessError.self) { try access.issue(person: "x", role: .agent, tenant: "Bad Tenant") }
        #expect(throws: AccessError.self) { try access.issue(person: "  ", role: .agent, tenant: "acme") }

        #expect(try access.revoke(id: key.id))
        #expect(try !access.revoke(id: key.id), "revoking twice changes nothing")
        do {
            _ = try access.authenticate(key.text)
            Issue.record("a revoked key was accepted")
        } catch let e as AccessError {
            #expect(e.kind == .revokedKey)
        }
        #expect(try access.keys().first?.revokedAt != nil)
    }
}
