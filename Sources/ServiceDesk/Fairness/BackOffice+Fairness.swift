import Foundation
import Governance
import Records
import Routing

extension BackOffice {
    /// The bias audit of every known customer's outcomes under the fairness policy in force
    /// (`FairnessReport`).
    /// - Throws: `DatabaseError`, or a policy error when the fairness policy cannot be read.
    public func fairnessReport(today: Date = Date()) throws -> FairnessReport {
        let policy = try policies.fairness()
        let counts = try store.segmentCounts(today: today)
        let twoSided = ExperimentStatistics.normalQuantile(1 - policy.alpha / 2)
        var flags: [String] = []
        let dimensions = ServiceStore.segmentDimensions.map { name -> FairnessReport.Dimension in
            let groups = counts.filter { $0.dimension == name }
            let rates: [(String, String, (SegmentCounts) -> (Int, Int))] = [
                ("answered", "answers", { ($0.answered, $0.answers) }),
                ("declined", "answers", { ($0.declined, $0.answers) }),
                ("clarify", "answers", { ($0.clarified, $0.answers) }),
                ("handed-off", "conversations", { ($0.handedOff, $0.conversations) }),
                ("routed-to-person", "routes", { ($0.routedToPerson, $0.routes) }),
            ]
            var outcomes = rates.map { outcome, unit, count in
                rateOutcome(outcome, unit: unit, groups: groups, count: count, policy: policy, bar: twoSided)
            }
            outcomes.append(qaOutcome(groups, policy: policy, bar: twoSided))
            for o in outcomes where o.flagged {
                let isQA = o.name == "qa-score"
                let high = o.groups.first { $0.group == o.highest }
                let low = o.groups.first { $0.group == o.lowest }
                flags.append(
                    String(
                        format: isQA
                            ? "%@: %@ %.2f for %@ (n %d) against %.2f for %@ (n %d), gap %.2f, z %.1f"
                            : "%@: %@ %.1f%% for %@ (n %d) against %.1f%% for %@ (n %d), gap %.1f points, z %.1f",
                        name, o.name, high?.value ?? 0, o.highest ?? "", high?.n ?? 0, low?.value ?? 0, o.lowest ?? "",
                        low?.n ?? 0, o.gap ?? 0, o.z ?? 0))
            }
            return FairnessReport.Dimension(name: name, outcomes: outcomes)
        }
        return FairnessReport(policyVersion: policy.version, dimensions: dimensions, flags: flags)
    }

    private func rateOutcome(
        _ name: String, unit: String, groups: [SegmentCounts], count: (SegmentCounts) -> (Int, Int),
        policy: FairnessPolicy, bar: Double
    ) -> FairnessReport.Outcome {
        let figures = groups.compactMap { g -> FairnessReport.Figure? in
            let (x, n) = count(g)
            guard let interval = ExperimentStatistics.wilson(x, of: n) else { return nil }
            return .init(
                group: g.group, n: n, count: x, value: 100 * Double(x) / Double(n), low: 100 * interval.lowerBound,
                high: 100 * interval.upperBound)
        }
        var outcome = FairnessReport.Outcome(name: name, unit: unit, groups: figures, flagged: false)
        let compared = figures.filter { $0.n >= policy.minimumGroupSize && $0.group != "unknown" }
        guard let high = compared.max(by: { $0.value < $1.value }), let low = compared.min(by: { $0.value < $1.value }),
            high.group != low.group
        else { return outcome }
        outcome.gap = high.value - low.value
        outcome.highest = high.group
        outcome.lowest = low.group
        outcome.z = ExperimentStatistics.higherRate(arm: (high.count ?? 0, high.n), control: (low.count ?? 0, low.n))
        outcome.flagged = (outcome.gap ?? 0) > policy.maximumGapPoints && (outcome.z ?? 0) > bar
        return outcome
    }

    private func qaOutcome(_ groups: [SegmentCounts], policy: FairnessPolicy, bar: Double) -> FairnessReport.Outcome {
        func sd(_ g: SegmentCounts) -> Double {
            guard g.qaScores >= 2 else { return 0 }
            let mean = g.qaSum / Double(g.qaScores)
            return max(0, (g.qaSumOfSquares - Double(g.qaScores) * mean * mean) / Double(g.qaScores - 1)).squareRoot()
        }
        let figures = groups.compactMap { g -> FairnessReport.Figure? in
            guard g.qaScores > 0 else { return nil }
            let mean = g.qaSum / Double(g.qaScores)
            let interval = ExperimentStatistics.meanInterval(mean: mean, standardDeviation: sd(g), n: g.qaScores)
            return .init(
                group: g.group, n: g.qaScores, value: mean, low: interval?.lowerBound ?? mean,
                high: interval?.upperBound ?? mean)
        }
        var outcome = FairnessReport.Outcome(name: "qa-score", unit: "scored answers", groups: figures, flagged: false)
        let compared = groups.filter { $0.qaScores >= policy.minimumGroupSize && $0.group != "unknown" }
        func mean(_ g: SegmentCounts) -> Double { g.qaSum / Double(g.qaScores) }
        guard let high = compared.max(by: { mean($0) < mean($1) }), let low = compared.min(by: { mean($0) < mean($1) }),
            high.group != low.group
        else { return outcome }
        outcome.gap = mean(high) - mean(low)
        outcome.highest = high.group
        outcome.lowest = low.group
        outcome.z = ExperimentStatistics.lowerMean(
            arm: (mean(low), sd(low), low.qaScores), control: (mean(high), sd(high), high.qaScores))
        outcome.flagged = (outcome.gap ?? 0) > policy.maximumQAGap && (outcome.z ?? 0) > bar
        return outcome
    }
}
