import ArgumentParser
import CommandLineOptions
import Customers
import Foundation
import Governance
import ServiceDesk

/// `grounded policy`: the approval gate for the service's policies, on the caller's tenant store.
struct Policy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Propose, review, approve and roll back policy changes (routing, handoff, proactive, retention); a change "
            + "takes effect only when another person, an ops lead, approves it.",
        subcommands: [PolicyPropose.self, PolicyDiff.self, PolicyApprove.self, PolicyRollback.self, PolicyHistory.self])

    static func describe(_ change: PolicyChange) -> String {
        let f = ISO8601DateFormatter()
        var line =
            "\(change.id)  \(change.kind.rawValue)  \(change.version)  \(change.state.rawValue)  proposed by "
            + "\(change.proposedBy) \(f.string(from: change.proposedAt))"
        if let by = change.approvedBy, let at = change.takesEffect {
            line += "; approved by \(by), effective \(f.string(from: at))"
        }
        if let by = change.rolledBackBy { line += "; rolled back by \(by)" }
        return line + (change.reason.isEmpty ? "" : "\n    reason: \(change.reason)")
    }
}

struct PolicyPropose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose", abstract: "Propose a new version of a policy; prints its id and diff.")

    @OptionGroup var access: AccessOptions

    @Option(name: .long, help: "routing, handoff, proactive or retention.")
    var kind: String

    @Option(name: .long, help: "The whole new policy document (JSON, with a new version).")
    var file: String

    @Option(name: .long, help: "Why it changes.")
    var reason: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "When it should take effect once approved (ISO 8601); default: on approval.", valueName: "time"))
    var effective: String?

    func run() throws {
        try reportingErrors {
            let kind = try PolicyKind(parsing: self.kind)
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                throw ValidationError("--file: cannot read \(file)")
            }
            let effectiveAt = try effective.map { text in
                guard let date = ISO8601DateFormatter().date(from: text) else {
                    throw ValidationError("--effective `\(text)` is not ISO 8601, e.g. 2026-12-01T00:00:00Z")
                }
                return date
            }
            let principal = try access.principal()
            let backOffice = try access.backOffice(for: principal)
            let change = try backOffice.propose(
                kind: kind, document: try PolicyDocument(json: data), by: principal, reason: reason,
                effectiveAt: effectiveAt)
            print(Policy.describe(change))
            print(try backOffice.view(change).diff)
            print("It takes effect only when another ops lead approves it: grounded policy approve \(change.id)")
        }
    }
}

struct PolicyDiff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Show a change against the version active now.")

    @OptionGroup var access: AccessOptions

    @Argument(help: "The change's id (pol_…).")
    var id: String

    func run() throws {
        try reportingErrors {
            let backOffice = try access.backOffice(for: try access.principal())
            let change: PolicyChange
            do { change = try backOffice.change(id: id) } catch is UnknownServiceID {
                throw ValidationError("no policy change \(id): see grounded policy history")
            }
            print(Policy.describe(change))
            print(try backOffice.view(change).diff)
        }
    }
}

struct PolicyApprove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a proposed change (an ops lead who did not propose it).")

    @OptionGroup var access: AccessOptions

    @Argument(help: "The change's id (pol_…).")
    var id: String

    func run() throws {
        try reportingErrors {
            let principal = try access.principal()
            print(Policy.describe(try access.backOffice(for: principal).approve(id: id, by: principal)))
        }
    }
}

struct PolicyRollback: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Roll back the active version of a policy to the approved one before it (an ops lead).")

    @OptionGroup var access: AccessOptions

    @Option(name: .long, help: "routing, handoff, proactive or retention.")
    var kind: String

    @Option(name: .long, help: "Why.")
    var reason: String

    func run() throws {
        try reportingErrors {
            let principal = try access.principal()
            let result = try access.backOffice(for: principal).rollback(
                kind: try PolicyKind(parsing: kind), by: principal, reason: reason)
            print("rolled back \(result.undone.version); active: \(result.active.version)")
        }
    }
}

struct PolicyHistory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every version of each policy, oldest first, with who proposed and approved it.")

    @OptionGroup var access: AccessOptions

    @Option(name: .long, help: "Only this kind.")
    var kind: String?

    func run() throws {
        try reportingErrors {
            let backOffice = try access.backOffice(for: try access.principal())
            let kinds = try kind.map { [try PolicyKind(parsing: $0)] } ?? PolicyKind.allCases
            let summaries = try backOffice.policySummaries()
            for kind in kinds {
                let active = summaries.first { $0.kind == kind }?.active
                print("\(kind.rawValue): active \(active?.version ?? "none")")
                for change in try backOffice.history(of: kind) {
                    print("  " + Policy.describe(change).replacingOccurrences(of: "\n", with: "\n  "))
                }
            }
        }
    }
}
