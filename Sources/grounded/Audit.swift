import ArgumentParser
import Customers
import Foundation
import Governance

/// `grounded audit`: the service's tamper-evident log of automated decisions.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the audit log's hash chain.", subcommands: [AuditVerify.self])
}

/// `grounded audit verify`: exit 0 when every entry holds, 1 naming the first that does not.
struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Verify the audit log: sequence, links and hashes; names the first entry changed, missing or out of order.")

    @OptionGroup var index: IndexOptions

    @Option(name: .long, help: "The service store folder (default: <index>/service).")
    var data: String?

    func run() throws {
        try reportingErrors {
            let folder = data.map { URL(fileURLWithPath: $0) } ?? index.url.appendingPathComponent("service")
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("service.sqlite").path) else {
                throw ValidationError("no service store at \(folder.path): serve the index (grounded serve) so it records decisions, or pass --data")
            }
            let entries = try ServiceStore(directory: folder).auditEntries()
            let result = AuditChain.verify(entries)
            if result.intact {
                print("audit log intact: \(entries.count) entries" + (entries.last.map { ", last \($0.action) #\($0.sequence), hash \($0.hash.prefix(16))…" } ?? ""))
            } else {
                FileHandle.standardError.write(Data("audit log broken at entry \(result.firstBroken ?? 0) of \(entries.count): \(result.problem ?? "")\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
