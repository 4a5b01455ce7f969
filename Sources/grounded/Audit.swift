import ArgumentParser
import CommandLineOptions
import Customers
import Foundation
import Governance
import Records

/// `grounded audit`: the service's tamper-evident log of automated decisions.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the audit log's hash chain.", subcommands: [AuditVerify.self])
}

/// `grounded audit verify`: exit 0 when every entry holds, 1 naming the first that does not.
struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Verify the audit log: sequence, links and hashes; names the first entry changed, missing or out of order.")

    @OptionGroup var storeOptions: ServiceStoreOptions

    func run() throws {
        try reportingErrors {
            let entries = try storeOptions.open().audit.entries()
            let result = AuditChain.verify(entries)
            if result.intact {
                print(
                    "audit log intact: \(entries.count) entries"
                        + (entries.last.map { last in
                            ", last \(last.action) #\(last.sequence), hash \(last.hash.prefix(16))…"
                        } ?? "")
                )
            } else {
                FileHandle.standardError.write(
                    Data(
                        """
                        audit log broken at entry \(result.firstBroken ?? 0) of \(entries.count): \
                        \(result.problem ?? "")\n
                        """
                        .utf8))
                throw ExitCode.failure
            }
        }
    }
}
