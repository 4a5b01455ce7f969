import ArgumentParser
import CommandLineOptions
import Customers
import Foundation
import Records
import Routing
import ServiceDesk

/// `grounded report`: the service's outcomes from its store, per channel and per A/B arm.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Deflection, escalation, first-contact resolution, repeat contact, suggestion acceptance and mean QA "
            + "score, per channel and per variant."
    )

    @OptionGroup var storeOptions: ServiceStoreOptions

    @Option(name: .long, help: "An A/B experiment to break the outcomes down by (with --arms).")
    var experiment: String?

    @Option(name: .long, parsing: .upToNextOption, help: "The experiment's arms (equal weights).")
    var arms: [String] = []

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        if (experiment == nil) != arms.isEmpty { throw ValidationError("--experiment and --arms go together") }
    }

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open()
            let ab = try experiment.map { try ABSwitch(experiment: $0, arms: arms) }
            let report = try BackOffice(store: store).report(experiment: ab)
            if json {
                try printJSON(report)
                return
            }
            func cell(_ v: Double?, _ format: String = "%.1f%%") -> String {
                v.map { String(format: format, $0) } ?? "–"
            }
            let header =
                "group".padding(toLength: 14, withPad: " ", startingAt: 0)
                + "conversations  deflection  escalation  first-contact  repeat  suggestions  edited  mean QA"
            func line(_ r: ServiceReport.Row) -> String {
                r.group.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + [
                        String(r.conversations), cell(r.deflectionRate), cell(r.escalationRate),
                        cell(r.firstContactResolution),
                        cell(r.repeatContactRate), cell(r.suggestionAcceptance), cell(r.suggestionEditRate),
                        cell(r.meanQAScore, "%.2f"),
                    ]
                    .enumerated().map { i, s in s.leftPad([13, 12, 12, 15, 8, 13, 8, 9][i]) }.joined()
            }
            print("by channel")
            print(header)
            report.byChannel.forEach { print(line($0)) }
            print(line(report.overall))
            if !report.byVariant.isEmpty {
                print("\nby variant (\(experiment ?? ""))")
                print(header)
                report.byVariant.forEach { print(line($0)) }
            }
        }
    }
}

extension String {
    fileprivate func leftPad(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
