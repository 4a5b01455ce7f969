import ArgumentParser
import CommandLineOptions
import Foundation
import Records
import ServiceDesk

/// `grounded report fairness`: the bias audit of the store's customers (`FairnessReport`).
struct FairnessAudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fairness",
        abstract:
            "Answer, decline, clarify, handoff and route-to-person rates and mean QA score per region, locale, plan, "
            + "channel and tenure band, with 95% intervals; gaps the fairness policy flags."
    )

    @OptionGroup var storeOptions: ServiceStoreOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let report = try BackOffice(store: try storeOptions.open()).fairnessReport()
            if json {
                try printJSON(report)
                return
            }
            print("fairness policy \(report.policyVersion); 95% intervals")
            for d in report.dimensions {
                print("\nby \(d.name)")
                for o in d.outcomes where !o.groups.isEmpty {
                    let qa = o.name == "qa-score"
                    let cells = o.groups.map { g in
                        String(
                            format: qa ? "%@ %.2f [%.2f, %.2f] n %d" : "%@ %.1f%% [%.1f, %.1f] n %d", g.group,
                            g.value, g.low, g.high, g.n)
                    }
                    let gap = o.gap.map { String(format: qa ? "gap %.2f" : "gap %.1f points", $0) } ?? "no gap compared"
                    print(
                        "  \(o.name) (\(o.unit)): " + cells.joined(separator: "; ") + " — \(gap)"
                            + (o.flagged ? "  FLAGGED" : ""))
                }
            }
            print(
                report.flags.isEmpty
                    ? "\nno gap flagged" : "\nflagged:\n" + report.flags.map { "  " + $0 }.joined(separator: "\n"))
        }
    }
}
