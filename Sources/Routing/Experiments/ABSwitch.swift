import GroundedCore

/// Assigns customers to the arms of an experiment by a stable hash of the experiment and the
/// customer: the same customer always sees the same arm, with no state to store; arms get shares
/// of traffic by weight.
public struct ABSwitch: Sendable, Hashable, Codable {
    public var experiment: String
    /// Arm ids with their weights (relative; need not sum to 1).
    public var arms: [String]
    public var weights: [Double]

    /// - Throws: `IntentDataError` when there are no arms, the counts differ, or a weight is not positive.
    public init(experiment: String, arms: [String], weights: [Double]? = nil) throws {
        let w = weights ?? Array(repeating: 1, count: arms.count)
        guard !arms.isEmpty, arms.count == w.count, w.allSatisfy({ $0 > 0 && $0.isFinite }),
            Set(arms).count == arms.count
        else {
            throw IntentDataError(
                source: "experiment \(experiment)", problem: "needs distinct arms, each with a positive weight")
        }
        self.experiment = experiment
        self.arms = arms
        self.weights = w
    }

    /// The arm of `customerID`.
    public func arm(for customerID: String) -> String {
        // FNV-1a of experiment and customer, then SplitMix64's finaliser so nearby ids spread out.
        let h = SplitMix64.mix(FNV1a.hash((experiment + "\u{1F}" + customerID).utf8))
        let point = Double(h >> 11) * 0x1.0p-53 * weights.reduce(0, +)
        var cumulative = 0.0
        for (arm, weight) in zip(arms, weights) {
            cumulative += weight
            if point < cumulative { return arm }
        }
        return arms[arms.count - 1]
    }

    /// Outcome metrics per arm from (customer, success) observations.
    public func report(_ outcomes: [(customerID: String, success: Bool)]) -> [String: VariantChooser.Record] {
        var out = Dictionary(uniqueKeysWithValues: arms.map { ($0, VariantChooser.Record()) })
        for o in outcomes {
            let a = arm(for: o.customerID)
            if o.success { out[a]!.successes += 1 } else { out[a]!.failures += 1 }
        }
        return out
    }
}
