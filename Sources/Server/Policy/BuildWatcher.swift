import Foundation
import Logging
import ServiceLifecycle

/// Watches each tenant's index folder beside the server and serves a new build as soon as an
/// ingest publishes one — on every replica that loads that folder, with no restart and no
/// refused request (see `GroundedService.reloadIfNewBuild`). A build that fails to open is logged
/// and the old one goes on serving.
struct BuildWatcher: Service {
    let tenants: [String: GroundedService]
    /// Two seconds: a new build serves within that of its ingest finishing, for the price of one
    /// small SQLite read per tenant.
    var interval: Duration = .seconds(2)
    var modelDirectory: URL?
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            for (name, service) in tenants.sorted(by: { $0.key < $1.key }) {
                do {
                    if let build = try service.reloadIfNewBuild(modelDirectory: modelDirectory) {
                        logger.info("serving a new build", metadata: ["tenant": "\(name)", "build": "\(build)"])
                    }
                } catch {
                    logger.error(
                        "a new build could not be opened; the old one goes on serving",
                        metadata: ["tenant": "\(name)", "error": "\(error)"])
                }
            }
        }
    }
}
