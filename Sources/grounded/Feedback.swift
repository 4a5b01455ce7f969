import ArgumentParser
import CommandLineOptions
import Customers
import Foundation
import Governance
import Records
import ServiceDesk

/// `grounded feedback report|reset`: what votes move and who cast them; deleting ratings.
struct Feedback: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "What votes on answers and passages move, by whom, and resetting them (the same as /v1/feedback/report and "
            + "/reset).",
        subcommands: [FeedbackReportCommand.self, FeedbackReset.self])
}

struct FeedbackReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Each voted passage: its voters, their ratings and weights, and the multiplier in force.")

    @OptionGroup var access: AccessOptions

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let principal = try access.principal()
            guard [.knowledgeManager, .qa, .opsLead, .admin].contains(principal.role) else {
                throw ValidationError(
                    "role \(principal.role.rawValue) may not read the feedback report: it needs knowledge-manager, qa, "
                        + "ops-lead or admin"
                )
            }
            let report = try access.backOffice(for: principal).feedbackReport()
            if json {
                try printJSON(report)
                return
            }
            print(Self.describe(report))
        }
    }

    static func describe(_ report: FeedbackReport) -> String {
        var lines = [
            "feedback policy \(report.policyVersion): votes move a passage once \(report.minimumVoters) distinct "
                + "voters rated it"
        ]
        if report.passages.isEmpty { lines.append("no ratings") }
        for p in report.passages {
            let effect = p.multiplier.map { String(format: "score ×%.2f", $0) } ?? "moves nothing yet"
            let kind = p.questionKind.isEmpty ? "any question" : p.questionKind
            lines.append(
                "\(p.documentID)@\(p.version) [\(p.start), \(p.end)) for \(kind): "
                    + "\(p.voters) voters, up \(p.up), down \(p.down); \(effect)")
            for b in p.ballots {
                lines.append(
                    "    \(b.rating.rawValue) by \(b.voter), weight \(b.weight), on \(b.targetKind.rawValue) "
                        + "\(b.targetID)"
                )
            }
        }
        return lines.joined(separator: "\n")
    }
}

struct FeedbackReset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset", abstract: "Delete ratings, audited: one target's, or every one.")

    @OptionGroup var access: AccessOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "One target's ratings, as kind:id (answer:ans_…, chunk:doc@ver[s, e)); without it, every rating.",
            valueName: "kind:id"))
    var target: String?

    @Option(name: .long, help: "Why (kept in the audit log).")
    var reason: String

    func run() throws {
        try reportingErrors {
            let principal = try access.principal()
            guard principal.role == .knowledgeManager || principal.role == .admin else {
                throw ValidationError(
                    "role \(principal.role.rawValue) may not reset feedback: it needs knowledge-manager or admin")
            }
            var kind: FeedbackRecord.TargetKind?
            var id: String?
            if let target {
                let parts = target.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2, let k = FeedbackRecord.TargetKind(rawValue: parts[0]), !parts[1].isEmpty else {
                    throw ValidationError(
                        "--target `\(target)`: expected kind:id with kind one of "
                            + FeedbackRecord.TargetKind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                (kind, id) = (k, parts[1])
            }
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--reason: say why")
            }
            let deleted = try access.backOffice(for: principal).resetRatings(
                targetKind: kind, targetID: id, by: principal, reason: reason)
            print("deleted \(deleted) rating\(deleted == 1 ? "" : "s")")
        }
    }
}
