import Customers
import Foundation
import PostgresStorage
import Records
import Server
import Storage

/// Where the service's state lives: SQLite files under the data folder (the default), or one
/// PostgreSQL database shared by replicas — `--store postgres://…` or `$GROUNDED_STORE` — with a
/// schema per tenant (`tenant_<name>`) and one for the keys (`access`).
enum StoreLocation {
    case files(URL)
    case postgres(String)

    static func resolve(store: String?, data: URL) -> StoreLocation {
        guard let url = store ?? ProcessInfo.processInfo.environment["GROUNDED_STORE"], !url.isEmpty else {
            return .files(data)
        }
        return .postgres(url)
    }

    /// The tenant's service store.
    func service(tenant: String, defaultTenant: String = ServiceHost.singleTenant) throws -> ServiceStore {
        switch self {
        case .files(let data):
            return try ServiceStore(
                directory: try TenantLayout.storeDirectory(data: data, tenant: tenant, defaultTenant: defaultTenant))
        case .postgres(let url):
            try AccessStore.validate(tenant: tenant)
            return try ServiceStore(
                database: try PostgresSQLDatabase(
                    url: url, schema: "tenant_" + tenant.replacingOccurrences(of: "-", with: "_")))
        }
    }

    /// The API keys.
    func access() throws -> AccessStore {
        switch self {
        case .files(let data): try AccessStore(directory: data)
        case .postgres(let url): try AccessStore(database: try PostgresSQLDatabase(url: url, schema: "access"))
        }
    }
}
