import ArgumentParser
import CommandLineOptions
import Customers
import Foundation
import Governance
import Records
import ServiceDesk

/// `grounded retention run`: purge what the tenant's retention policy no longer allows keeping.
struct Retention: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Purge customer data older than the retention policy allows (the server also runs this hourly).",
        subcommands: [RetentionRun.self])
}

struct RetentionRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Purge now, audited; prints what was deleted.")

    @OptionGroup var access: AccessOptions

    func run() throws {
        try reportingErrors {
            let principal = try access.principal()
            guard principal.role == .opsLead || principal.role == .admin else {
                throw ValidationError(
                    "role \(principal.role.rawValue) may not run retention: it needs ops-lead or admin")
            }
            let report = try access.backOffice(for: principal).runRetention(actor: principal.person)
            print(
                "retention \(report.policyVersion): "
                    + (report.deleted.isEmpty
                        ? "nothing was due"
                        : report.deleted.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(
                            separator: ", ")))
        }
    }
}
