import ArgumentParser
import CommandLineOptions
import Customers
import Foundation
import Governance
import Records
import Server
import ServiceDesk

/// Where the API keys and tenant stores are. Commands that manage keys take only this: whoever
/// can open the data folder can already change the keys in it, so a key would check nothing.
struct ServiceDataOptions: ParsableArguments {
    @OptionGroup var index: IndexOptions

    @Option(
        name: .long, help: "The service's data folder, holding access.sqlite and the stores (default: <index>/service)."
    )
    var data: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A PostgreSQL store shared by replicas, postgres://user@host:port/db (default: $GROUNDED_STORE, else "
                + "SQLite under --data).",
            valueName: "url"))
    var store: String?

    var dataURL: URL { data.map { URL(fileURLWithPath: $0) } ?? index.url.appendingPathComponent("service") }

    var location: StoreLocation { .resolve(store: store, data: dataURL) }

    func access() throws -> AccessStore { try location.access() }
}

/// Where the API keys and tenant stores are, and who is acting (`--key` or `$GROUNDED_API_KEY`):
/// for commands whose effect depends on the actor's role (policy, retention).
struct AccessOptions: ParsableArguments {
    @OptionGroup var service: ServiceDataOptions

    @Option(name: .long, help: "Your API key (default: $GROUNDED_API_KEY); it says who you are, your role and tenant.")
    var key: String?

    var location: StoreLocation { service.location }

    func access() throws -> AccessStore { try service.access() }

    /// Who the key speaks for.
    /// - Throws: `ValidationError` when no key is given or it is refused.
    func principal() throws -> Principal {
        guard let text = key ?? ProcessInfo.processInfo.environment["GROUNDED_API_KEY"], !text.isEmpty else {
            throw ValidationError(
                "say who you are: --key <your API key> or GROUNDED_API_KEY (an admin makes one with grounded keys "
                    + "create)"
            )
        }
        do { return try access().authenticate(text) } catch let error as AccessError {
            throw ValidationError(error.message)
        }
    }

    /// The store of the principal's tenant (the default tenant's is the data folder itself).
    func store(for principal: Principal, defaultTenant: String = ServiceHost.singleTenant) throws -> ServiceStore {
        try location.service(tenant: principal.tenant, defaultTenant: defaultTenant)
    }

    /// The policy gate, retention and feedback use cases over the principal's tenant store, as the
    /// server runs them; a store that has no policies yet gets the defaults `grounded serve` installs.
    func backOffice(for principal: Principal) throws -> BackOffice {
        try BackOffice(store: store(for: principal), initial: ServiceConfiguration())
    }
}

/// `grounded keys`: API keys, stored hashed, one role and one tenant each.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make, list and revoke API keys (stored hashed; each has one role and one tenant).",
        subcommands: [KeysCreate.self, KeysList.self, KeysRevoke.self])
}

struct KeysCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Make a key and print it once.")

    @OptionGroup var access: ServiceDataOptions

    @Option(name: .long, help: "Who holds it: a person (alice@example.com) or a system (web-chat).")
    var person: String

    @Option(
        name: .long,
        help: ArgumentHelp("Its role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "role"))
    var role: String

    @Option(name: .long, help: "The tenant (company) it belongs to.")
    var tenant = ServiceHost.singleTenant

    func run() throws {
        try reportingErrors {
            let role: Role
            do { role = try Role(parsing: self.role) } catch let e as AccessError { throw ValidationError(e.message) }
            let (key, principal) = try access.access().issue(person: person, role: role, tenant: tenant)
            print(key.text)
            FileHandle.standardError.write(
                Data(
                    """
                    key \(principal.keyID) for \(principal.person), role \(principal.role.rawValue), tenant \
                    \(principal.tenant); it is shown only now, keep it secret\n
                    """
                    .utf8))
        }
    }
}

struct KeysList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List keys (ids, holders, roles, tenants; never secrets).")

    @OptionGroup var access: ServiceDataOptions

    func run() throws {
        try reportingErrors {
            let formatter = ISO8601DateFormatter()
            for record in try access.access().keys() {
                let p = record.principal
                let state = record.revokedAt.map { "revoked \(formatter.string(from: $0))" } ?? "live"
                print(
                    """
                    \(p.keyID)  \(p.role.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)) \(p.tenant)  \
                    \(p.person)  \(formatter.string(from: record.createdAt))  \(state)
                    """
                )
            }
        }
    }
}

struct KeysRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a key by id; it is refused from the next request.")

    @OptionGroup var access: ServiceDataOptions

    @Argument(help: "The key's id (the 12 hex digits after gk_).")
    var id: String

    func run() throws {
        try reportingErrors {
            guard try access.access().revoke(id: id) else {
                throw ValidationError("no live key \(id): see grounded keys list")
            }
            print("revoked \(id)")
        }
    }
}
