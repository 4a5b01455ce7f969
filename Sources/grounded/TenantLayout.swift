import Customers
import Foundation
import Governance
import GroundedCore
import Records
import Server

/// Where each tenant's store lives under the data folder, and the first admin key of a new
/// installation.
enum TenantLayout {
    /// The default tenant's store is the data folder itself (`service.sqlite` beside
    /// `access.sqlite`); another tenant's is `<data>/tenants/<name>`.
    static func storeDirectory(
        data: URL, tenant: String, defaultTenant: String = ServiceHost.singleTenant
    ) throws -> URL {
        try AccessStore.validate(tenant: tenant)
        return tenant == defaultTenant ? data : data.appendingPathComponent("tenants").appendingPathComponent(tenant)
    }

    /// When no key was ever issued, issues an admin key for `tenant` and writes it to
    /// `<data>/admin.key` with mode 0600, atomically. Returns the file, or nil when keys existed.
    static func issueFirstAdminKey(_ access: AccessStore, tenant: String, data: URL) throws -> URL? {
        guard try access.isEmpty() else { return nil }
        let (key, _) = try access.issue(person: "first-admin", role: .admin, tenant: tenant)
        try PrivateDirectory.create(at: data)
        let file = data.appendingPathComponent("admin.key")
        try AtomicFile.write(Array((key.text + "\n").utf8), to: file, mode: 0o600)
        return file
    }
}
