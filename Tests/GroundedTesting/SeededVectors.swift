import GroundedCore
import VectorIndex

/// Deterministic random vectors for tests: clustered Gaussian points from a seeded generator.
public enum SeededVectors {
    public static func clustered(count: Int, dimension: Int, clusters: Int = 20, seed: UInt64 = 7) -> [[Float]] {
        var rng = SplitMix64(seed: seed)
        var g = Gaussian()
        func gaussian() -> Float { g.next(&rng) }
        let centres = (0..<clusters).map { _ in (0..<dimension).map { _ in gaussian() } }
        return (0..<count).map { i in centres[i % clusters].map { $0 + 0.35 * gaussian() } }
    }

    /// Points of low intrinsic dimension embedded in `dimension` dimensions, as real sentence
    /// embeddings are: a seeded random projection of `rank`-dimensional Gaussian points plus noise.
    public static func lowRank(count: Int, dimension: Int, rank: Int = 16, seed: UInt64 = 11) -> [[Float]] {
        var rng = SplitMix64(seed: 1234)  // the projection is shared by every call
        var g = Gaussian()
        let projection = (0..<rank).map { _ in (0..<dimension).map { _ in g.next(&rng) } }
        var pointRNG = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let z = (0..<rank).map { _ in g.next(&pointRNG) }
            return (0..<dimension).map { j in
                (0..<rank).reduce(Float(0)) { $0 + z[$1] * projection[$1][j] } + 0.1 * g.next(&pointRNG)
            }
        }
    }
}

/// Box–Muller normal deviates.
struct Gaussian {
    mutating func next(_ rng: inout SplitMix64) -> Float {
        let u1 = max(Double(rng.next() >> 11) * 0x1.0p-53, 1e-12)
        let u2 = Double(rng.next() >> 11) * 0x1.0p-53
        return Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
    }
}

#if canImport(Glibc)
import Glibc
private func _log(_ x: Double) -> Double { Glibc.log(x) }
private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
import Darwin
private func _log(_ x: Double) -> Double { Darwin.log(x) }
private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
