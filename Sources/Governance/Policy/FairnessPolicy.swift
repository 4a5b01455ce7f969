import Foundation

/// What a bias audit flags, governed like any policy: a gap between customer segments larger
/// than `maximumGapPoints` percentage points in one outcome rate (or `maximumQAGap` in mean QA
/// score), between groups of at least `minimumGroupSize`, that is also statistically significant
/// at two-sided level `alpha`.
///
/// Defaults: 10 points — a gap a service lead would act on; groups of 30 — below that a rate's
/// 95% interval is wider than ±15 points; alpha 0.01 — many segments and outcomes are compared at
/// once, and a strict level keeps chance gaps from being flagged.
public struct FairnessPolicy: Sendable, Hashable, Codable {
    public var version: String
    public var maximumGapPoints: Double
    public var maximumQAGap: Double
    public var minimumGroupSize: Int
    public var alpha: Double

    public init(
        version: String = "fairness-default", maximumGapPoints: Double = 10, maximumQAGap: Double = 0.1,
        minimumGroupSize: Int = 30, alpha: Double = 0.01
    ) {
        self.version = version
        self.maximumGapPoints = maximumGapPoints
        self.maximumQAGap = maximumQAGap
        self.minimumGroupSize = minimumGroupSize
        self.alpha = alpha
    }

    /// - Throws: `PolicyError(.invalidDocument)` naming the setting out of range.
    public func validate() throws {
        func fail(_ p: String) -> PolicyError { PolicyError(.invalidDocument, "fairness policy: \(p)") }
        if version.isEmpty { throw fail("version is empty") }
        if !(maximumGapPoints > 0 && maximumGapPoints <= 100) { throw fail("maximumGapPoints must be in (0, 100]") }
        if !(maximumQAGap > 0 && maximumQAGap <= 1) { throw fail("maximumQAGap must be in (0, 1]") }
        if minimumGroupSize < 5 { throw fail("minimumGroupSize must be at least 5") }
        if !(alpha > 0 && alpha < 0.5) { throw fail("alpha must be in (0, 0.5)") }
    }
}
