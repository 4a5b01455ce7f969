import Foundation
import GroundedCore

/// Draws from Beta(α, β) with a seeded generator: X / (X + Y) for X ~ Gamma(α), Y ~ Gamma(β),
/// Gamma by Marsaglia and Tsang (2000), normals by Box–Muller. The same seed gives the same draws.
public struct BetaSampler: Sendable {
    private var rng: SplitMix64

    public init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    /// One draw in (0, 1); α and β must be positive.
    public mutating func next(alpha: Double, beta: Double) -> Double {
        precondition(alpha > 0 && beta > 0, "Beta(\(alpha), \(beta)) needs positive parameters")
        let x = gamma(alpha)
        let y = gamma(beta)
        return x + y > 0 ? x / (x + y) : 0.5
    }

    private mutating func uniform() -> Double { max(rng.nextUnitDouble(), .leastNonzeroMagnitude) }

    private mutating func normal() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())
    }

    private mutating func gamma(_ shape: Double) -> Double {
        if shape < 1 { return gamma(shape + 1) * pow(uniform(), 1 / shape) }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform()
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }
}
