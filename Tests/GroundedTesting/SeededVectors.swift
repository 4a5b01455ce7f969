import VectorIndex

/// Deterministic random vectors for tests: clustered Gaussian points from a seeded generator.
public enum SeededVectors {
    public static func clustered(count: Int, dimension: Int, clusters: Int = 20, seed: UInt64 = 7) -> [[Float]] {
        var rng = SplitMix64(seed: seed)
        func gaussian() -> Float {
            let u1 = max(Double(rng.next() >> 11) * 0x1.0p-53, 1e-12)
            let u2 = Double(rng.next() >> 11) * 0x1.0p-53
            return Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
        }
        let centres = (0..<clusters).map { _ in (0..<dimension).map { _ in gaussian() } }
        return (0..<count).map { i in centres[i % clusters].map { $0 + 0.35 * gaussian() } }
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
