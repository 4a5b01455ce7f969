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
            + "score, per channel and per variant.",
        subcommands: [FairnessAudit.self]
    )

    @OptionGroup var storeOptions: ServiceStoreOptions

    @Option(
        name: .long,
        help: """
            The running experiment (its arms with 95% intervals and guardrail stops), or with --arms any \
            experiment to split past customers by.
            """)
    var experiment: String?

    @Option(name: .long, parsing: .upToNextOption, help: "The experiment's arms (equal weights).")
    var arms: [String] = []

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        if experiment == nil, !arms.isEmpty { throw ValidationError("--arms needs --experiment") }
    }

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open()
            if let experiment, arms.isEmpty {
                try printExperiment(experiment, try BackOffice(store: store).experimentReport())
                return
            }
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

extension Report {
    /// The running experiment's arms, each rate with its 95% interval.
    func printExperiment(_ name: String, _ report: ExperimentReport?) throws {
        guard let report, report.experiment == name else {
            throw ValidationError(
                "no experiment \(name) runs\(report.map { " (the running one is \($0.experiment))" } ?? ""): name it, "
                    + "or give --arms to split past customers by any experiment")
        }
        if json {
            try printJSON(report)
            return
        }
        func rate(_ r: ExperimentReport.Rate?) -> String {
            r.map { String(format: "%.1f%% [%.1f, %.1f]", $0.percent, $0.low, $0.high) } ?? "–"
        }
        func mean(_ m: ExperimentReport.Mean?) -> String {
            guard let m else { return "–" }
            guard let low = m.low, let high = m.high else { return String(format: "%.2f (n %d)", m.mean, m.n) }
            return String(format: "%.2f [%.2f, %.2f]", m.mean, low, high)
        }
        print("experiment \(report.experiment) (policy \(report.policyVersion)); 95% intervals; by assignment")
        print(
            ["arm", "conversations", "deflection", "escalation", "mean QA", "thumbs up", "state"]
                .joined(separator: "  "))
        for a in report.arms {
            let state = a.stopped.map { "stopped: \($0.reason)" } ?? "running"
            print(
                [
                    a.id, String(a.conversations), rate(a.deflection), rate(a.escalation), mean(a.qaScore),
                    a.thumbs == 0 ? "–" : rate(a.thumbsUp), state,
                ].joined(separator: "  "))
        }
    }
}
