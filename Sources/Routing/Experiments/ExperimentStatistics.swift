import Foundation

/// The statistics an experiment report and its guardrail use: Wilson intervals for rates, normal
/// intervals for means, and one-sided z tests against the control. Pure functions.
public enum ExperimentStatistics {
    /// The standard normal quantile: Φ⁻¹(p) for 0 < p < 1 (Acklam's rational approximation,
    /// relative error below 1.2e-9).
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "a quantile needs 0 < p < 1")
        let a = [
            -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716,
            2.506628277459239,
        ]
        let b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
        let c = [
            -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
            4.374664141464968, 2.938163982698783,
        ]
        let d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
        func tail(_ q: Double) -> Double {
            let q = sqrt(-2 * log(q))
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p < 0.02425 { return tail(p) }
        if p > 1 - 0.02425 { return -tail(1 - p) }
        let q = p - 0.5
        let r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }

    /// The Wilson score interval of `successes` out of `n` at `confidence` (0.95: 95%); nil when
    /// `n` is 0.
    public static func wilson(_ successes: Int, of n: Int, confidence: Double = 0.95) -> ClosedRange<Double>? {
        guard n > 0 else { return nil }
        let z = normalQuantile(1 - (1 - confidence) / 2)
        let p = Double(successes) / Double(n)
        let nn = Double(n)
        let centre = (p + z * z / (2 * nn)) / (1 + z * z / nn)
        let half = z * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / (1 + z * z / nn)
        return max(0, centre - half)...min(1, centre + half)
    }

    /// The normal interval of a mean at `confidence`; nil with fewer than two values.
    public static func meanInterval(
        mean: Double, standardDeviation: Double, n: Int, confidence: Double = 0.95
    ) -> ClosedRange<Double>? {
        guard n >= 2 else { return nil }
        let half = normalQuantile(1 - (1 - confidence) / 2) * standardDeviation / sqrt(Double(n))
        return (mean - half)...(mean + half)
    }

    /// z for "the arm's rate is higher than the control's" (pooled two-proportion test); nil when
    /// either group is empty or the pooled rate is 0 or 1.
    public static func higherRate(arm: (Int, Int), control: (Int, Int)) -> Double? {
        let (xa, na) = arm
        let (xc, nc) = control
        guard na > 0, nc > 0 else { return nil }
        let pooled = Double(xa + xc) / Double(na + nc)
        guard pooled > 0, pooled < 1 else { return nil }
        let se = sqrt(pooled * (1 - pooled) * (1 / Double(na) + 1 / Double(nc)))
        return (Double(xa) / Double(na) - Double(xc) / Double(nc)) / se
    }

    /// z for "the arm's mean is lower than the control's" (Welch's statistic read as normal);
    /// nil when a group has fewer than two values or both vary by nothing.
    public static func lowerMean(
        arm: (mean: Double, sd: Double, n: Int), control: (mean: Double, sd: Double, n: Int)
    ) -> Double? {
        guard arm.n >= 2, control.n >= 2 else { return nil }
        let se = sqrt(arm.sd * arm.sd / Double(arm.n) + control.sd * control.sd / Double(control.n))
        guard se > 0 else { return nil }
        return (control.mean - arm.mean) / se
    }
}
