import CKernels
import GroundedCore
import Testing

/// The intent classifier's training kernels at every level the CPU runs, against the scalar
/// Swift arithmetic they replaced, bit for bit: a model must not depend on the CPU it was
/// trained on.
@Suite("Training kernels")
struct TrainingKernelTests {
    /// Every kernel level this CPU runs, portable first.
    static let levels = Array(Int32(GK_LEVEL_PORTABLE)...Int32(gk_cpu_level()))

    /// Seeded floats in [-scale, scale).
    static func numbers(_ n: Int, seed: UInt64, scale: Float) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in Float.random(in: -scale..<scale, using: &rng) }
    }

    /// Lengths around the vector widths (8, 16), the class counts of banking77 (77) and
    /// CLINC150 (151), and one.
    static let lengths = [1, 7, 8, 9, 15, 16, 17, 33, 77, 151]

    @Test("an AdaGrad step equals the scalar arithmetic bit for bit at every level", arguments: lengths)
    func adagrad(n: Int) {
        let weights = Self.numbers(n, seed: 1, scale: 2)
        let sums = Self.numbers(n, seed: 2, scale: 1).map { abs($0) + 0.1 }
        let gradient = Self.numbers(n, seed: 3, scale: 1)
        let (value, l2, rate): (Float, Float, Float) = (0.37, 1e-6, 0.5)
        var expectedWeights = weights
        var expectedSums = sums
        for c in 0..<n {
            let step = value * gradient[c] + l2 * expectedWeights[c]
            expectedSums[c] += step * step
            expectedWeights[c] -= rate * step / expectedSums[c].squareRoot()
        }
        #expect(expectedWeights != weights)
        for level in Self.levels {
            var w = weights
            var s = sums
            gk_adagrad_step_at(level, &w, &s, gradient, n, value, l2, rate)
            #expect(w.map(\.bitPattern) == expectedWeights.map(\.bitPattern), "level \(level), n \(n)")
            #expect(s.map(\.bitPattern) == expectedSums.map(\.bitPattern), "level \(level), n \(n)")
        }
        var w = weights
        var s = sums
        gk_adagrad_step(&w, &s, gradient, n, value, l2, rate)
        #expect(w.map(\.bitPattern) == expectedWeights.map(\.bitPattern))
    }

    @Test("a step touches only its n weights and sums", arguments: [Int32(GK_LEVEL_PORTABLE), gk_cpu_level()])
    func bounds(level: Int32) {
        let n = 13
        var w = [Float](repeating: 1, count: n + 8)
        var s = [Float](repeating: 1, count: n + 8)
        let gradient = [Float](repeating: 1, count: n + 8)
        gk_adagrad_step_at(level, &w, &s, gradient, n, 1, 0, 0.5)
        #expect(w[..<n].allSatisfy { $0 != 1 } && s[..<n].allSatisfy { $0 == 2 })
        #expect(w[n...].allSatisfy { $0 == 1 } && s[n...].allSatisfy { $0 == 1 })
    }

    @Test("a scaled row sum equals the scalar arithmetic bit for bit at every level", arguments: lengths)
    func scaledAdd(n: Int) {
        let out = Self.numbers(n + 3, seed: 4, scale: 3)
        let row = Self.numbers(n, seed: 5, scale: 1)
        let value: Float = -0.731
        var expected = out
        for c in 0..<n { expected[c] += value * row[c] }
        for level in Self.levels {
            var o = out
            gk_scaled_add_at(level, &o, row, n, value)
            #expect(o.map(\.bitPattern) == expected.map(\.bitPattern), "level \(level), n \(n)")
        }
        var o = out
        gk_scaled_add(&o, row, n, value)
        #expect(o.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}
