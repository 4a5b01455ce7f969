import Foundation

/// Chooses among reply variants or next-best actions by guarded Thompson sampling: each approved
/// variant's success rate has a Beta(1 + successes, 1 + failures) posterior; the variant with the
/// highest draw is shown. Guards: a variant that is not approved is never shown, whatever its
/// record; the control is always eligible; a variant tried at least `minimumTrials` times whose
/// posterior mean trails the control's by more than `maxShortfall` is dropped (it has lost).
///
/// Thread safety: a value; `choose` takes the sampler it draws from.
public struct VariantChooser: Sendable {
    public struct Variant: Sendable, Hashable, Codable {
        public var id: String
        /// Approved by a person with the authority to approve wording; only these are shown.
        public var approved: Bool
        /// The current wording, kept eligible as the yardstick.
        public var isControl: Bool
        public init(id: String, approved: Bool, isControl: Bool = false) {
            self.id = id
            self.approved = approved
            self.isControl = isControl
        }
    }

    /// Outcomes so far of one variant.
    public struct Record: Sendable, Hashable, Codable {
        public var successes: Int
        public var failures: Int
        public init(successes: Int = 0, failures: Int = 0) {
            self.successes = successes
            self.failures = failures
        }
        public var trials: Int { successes + failures }
        public var mean: Double { Double(1 + successes) / Double(2 + trials) }
    }

    public struct Choice: Sendable, Hashable {
        public let id: String
        /// Each eligible variant's draw.
        public let draws: [String: Double]
        /// Variants left out, with why.
        public let excluded: [String: String]
    }

    public var minimumTrials: Int
    public var maxShortfall: Double

    public init(minimumTrials: Int = 30, maxShortfall: Double = 0.1) {
        self.minimumTrials = minimumTrials
        self.maxShortfall = maxShortfall
    }

    /// The variant to show, or nil when none is approved.
    public func choose(_ variants: [Variant], records: [String: Record], sampler: inout BetaSampler) -> Choice? {
        var excluded: [String: String] = [:]
        let control = variants.first { $0.isControl && $0.approved }
        let controlMean = control.map { (records[$0.id] ?? .init()).mean }
        var eligible: [Variant] = []
        for v in variants {
            let r = records[v.id] ?? .init()
            if !v.approved {
                excluded[v.id] = "not approved"
                continue
            }
            if !v.isControl, let c = controlMean, r.trials >= minimumTrials, r.mean < c - maxShortfall {
                excluded[v.id] = String(
                    format: "trails the control (%.2f against %.2f after %d trials)", r.mean, c, r.trials)
                continue
            }
            eligible.append(v)
        }
        guard !eligible.isEmpty else { return nil }
        var draws: [String: Double] = [:]
        for v in eligible {
            let r = records[v.id] ?? .init()
            draws[v.id] = sampler.next(alpha: Double(1 + r.successes), beta: Double(1 + r.failures))
        }
        let best = eligible.max { (draws[$0.id]!, $1.id) < (draws[$1.id]!, $0.id) }!
        return Choice(id: best.id, draws: draws, excluded: excluded)
    }
}
