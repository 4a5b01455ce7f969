import Customers
import Foundation
import Logging
import Records
import ServiceDesk
import ServiceLifecycle

/// Runs every tenant's retention purge when the server starts and then every `interval`, beside
/// the HTTP server, until shutdown. Each run is in the audit log (`retention-purge`), also when
/// nothing was due; a failed run is logged and retried at the next interval.
struct RetentionJob: Service {
    let tenants: [String: GroundedService]
    /// One hour: periods are counted in days, so an hourly run purges within an hour of the due time.
    var interval: Duration = .seconds(3_600)
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            for (name, service) in tenants.sorted(by: { $0.key < $1.key }) {
                do {
                    let report = try service.desk.backOffice.runRetention()
                    logger.info(
                        "retention",
                        metadata: [
                            "tenant": "\(name)", "policy": "\(report.policyVersion)",
                            "deleted": "\(report.deleted.values.reduce(0, +))",
                        ])
                } catch {
                    logger.error("retention failed", metadata: ["tenant": "\(name)", "error": "\(error)"])
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
