import Customers
import Foundation
import Governance
import Hummingbird
import Logging
import NIOCore
import Records
import ServiceLifecycle
import UnixSignals

/// The server as deployed: one `GroundedService` per tenant (company), each with its own index and
/// its own store, behind one listener that reads the API key, finds its principal and hands the
/// request to that tenant's router only. No request reaches another tenant's index or store:
/// a key belongs to one tenant, and a tenant's router holds nothing but its own service.
///
/// Requests without a key go to the default tenant's router, where only public routes pass
/// (`AccessMiddleware`); an answer (`GET /v1/answers/{id}`) and its page (`GET /a/{id}`), public
/// by their unguessable id, are looked up in the tenant that wrote them.
///
/// Thread safety: immutable; requests run concurrently.
public final class ServiceHost: Sendable {
    public let tenants: [String: GroundedService]
    public let defaultTenant: String
    public let access: AccessStore

    /// - Throws: `ServerConfigurationError` when there is no tenant, the default is not one of
    ///   them, or a name is invalid.
    public init(tenants: [String: GroundedService], defaultTenant: String, access: AccessStore) throws {
        guard tenants[defaultTenant] != nil else {
            throw ServerConfigurationError(
                """
                the default tenant `\(defaultTenant)` is not among the tenants served \
                (\(tenants.keys.sorted().joined(separator: ", ")))
                """
            )
        }
        for name in tenants.keys {
            do { try AccessStore.validate(tenant: name) } catch { throw ServerConfigurationError("\(error)") }
        }
        self.tenants = tenants
        self.defaultTenant = defaultTenant
        self.access = access
    }

    /// One tenant, named `default`.
    public convenience init(service: GroundedService, access: AccessStore) throws {
        try self.init(tenants: [Self.singleTenant: service], defaultTenant: Self.singleTenant, access: access)
    }

    /// The tenant name of a single-tenant installation.
    public static let singleTenant = "default"

    /// The responder that authenticates and dispatches to the tenant's router.
    public func responder() -> HostResponder {
        HostResponder(
            routers: tenants.mapValues { $0.router().buildResponder() }, defaultTenant: defaultTenant, access: access,
            answerOwner: { [tenants] id in tenants.first { (try? $0.value.store.answers.answer(id: id)) != nil }?.key })
    }

    /// The HTTP application on the default tenant's configured host and port; `run(_:)` serves it
    /// until SIGINT or SIGTERM.
    /// - Parameter onRunning: called once the server listens, with the port it bound.
    /// - Parameter retentionInterval: how often the retention purge runs (first at start); nil
    ///   runs none (tests, or a purge scheduled elsewhere).
    /// - Parameter buildCheckInterval: how often each tenant's index folder is checked for a new
    ///   build to serve (nil: never; the build opened at start serves until restart).
    /// - Parameter modelDirectory: the MiniLM folder, for builds made with MiniLM.
    public func application(
        logger: Logger? = nil, retentionInterval: Duration? = .seconds(3_600),
        buildCheckInterval: Duration? = .seconds(2),
        modelDirectory: URL? = nil, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let log = logger ?? Logger(label: "grounded.server")
        let configuration = tenants[defaultTenant]!.configuration
        var jobs: [any Service] =
            retentionInterval.map { [RetentionJob(tenants: tenants, interval: $0, logger: log)] } ?? []
        if let buildCheckInterval {
            jobs.append(
                BuildWatcher(
                    tenants: tenants, interval: buildCheckInterval, modelDirectory: modelDirectory, logger: log))
        }
        return Application(
            responder: responder(),
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "grounded"),
            services: jobs,
            onServerRunning: { [tenants] channel in
                let port = channel.localAddress?.port ?? configuration.port
                for service in tenants.values { service.didBind(port: port) }
                await onRunning(port)
            },
            logger: log)
    }
}

extension ServiceHost {
    /// Serves `application` until SIGTERM or SIGINT, then shuts down gracefully: assist streams end
    /// at once with a `closing` event (`StreamCloser`), requests in flight get the default tenant's
    /// `shutdownDeadline` to finish, and whatever still runs then is cancelled. Returns (so the
    /// process can exit 0) once everything has stopped.
    /// - Throws: what a service throws while serving (the listener cannot bind, say).
    public func run(_ application: some ApplicationProtocol, logger: Logger? = nil) async throws {
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: application), .init(service: StreamCloser(tenants: tenants))],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger ?? Logger(label: "grounded.server"))
        configuration.maximumGracefulShutdownDuration = tenants[defaultTenant]!.configuration.shutdownDeadline
        try await ServiceGroup(configuration: configuration).run()
    }
}

/// Reads `Authorization: Bearer <key>` (or `X-API-Key`), authenticates it and sends the request
/// to the key's tenant; see `ServiceHost`.
public struct HostResponder: HTTPResponder {
    public typealias Context = GroundedRequestContext

    let routers: [String: RouterResponder<GroundedRequestContext>]
    let defaultTenant: String
    let access: AccessStore
    let answerOwner: @Sendable (String) -> String?

    public func respond(to request: Request, context: Context) async throws -> Response {
        var context = context
        if let key = Self.key(in: request) {
            do {
                let principal = try access.authenticate(key)
                if let router = routers[principal.tenant] {
                    context.credential = .principal(principal)
                    return try await router.respond(to: request, context: context)
                }
                context.credential = .refused("the API key's tenant `\(principal.tenant)` is not served here")
            } catch let error as AccessError {
                context.credential = .refused(error.message)
            } catch {
                context.credential = .refused("the API key could not be checked; try again")
            }
        }
        var tenant = defaultTenant
        let parts = request.uri.path.split(separator: "/")
        if request.method == .get, parts.count == 3, parts[0] == "v1", parts[1] == "answers" {
            tenant = answerOwner(String(parts[2])) ?? defaultTenant
        } else if request.method == .get, parts.count == 2, parts[0] == "a" {
            tenant = answerOwner(String(parts[1])) ?? defaultTenant
        }
        return try await routers[tenant]!.respond(to: request, context: context)
    }

    /// The key a request carries, if any.
    static func key(in request: Request) -> String? {
        if let authorization = request.headers[.authorization] {
            let trimmed = authorization.trimmingCharacters(in: .whitespaces)
            return trimmed.lowercased().hasPrefix("bearer ") ? String(trimmed.dropFirst(7)) : trimmed
        }
        return request.headers.first { $0.name.canonicalName == "x-api-key" }?.value
    }
}
