import ServiceDesk
import ServiceLifecycle

/// Ends every tenant's assist streams, each with a `closing` event, as soon as a graceful shutdown
/// starts. A stream never finishes by itself, so without this the HTTP server would wait on it
/// until the shutdown deadline; closed, the consoles reconnect (to another replica, or here
/// after the restart) while the requests in flight finish.
struct StreamCloser: Service {
    let tenants: [String: GroundedService]

    func run() async throws {
        // Returns when a graceful shutdown starts; throws when the group is cancelled instead.
        try? await gracefulShutdown()
        for service in tenants.values { service.hub.closeAll(reason: "the server is shutting down; reconnect") }
    }
}
