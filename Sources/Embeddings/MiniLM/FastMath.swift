#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Element-wise kernels of the encoder.
enum FastMath {
    // erf(x) ≈ x·P(x²)/Q(x²) on [-4, 4] (clamped outside, where erf is ±1 in float32): a rational
    // fit made for this project by least squares; maximum error 3.8e-7 in float32.
    static let p: (Float, Float, Float, Float, Float, Float) =
        (1.1283791975540562, 0.1915057743113584, 0.05554154842346842, 0.0041655306459474455,
         0.0004088115462349117, 6.744385159173539e-06)
    static let q: (Float, Float, Float, Float, Float, Float, Float) =
        (1.0, 0.5030512852052589, 0.1169046177058323, 0.016167226605155405, 0.001405316595359978,
         7.223089556422183e-05, 2.570275912204113e-07)

    @inline(__always)
    static func erf(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let c = x.clamped(lowerBound: SIMD16(repeating: -4), upperBound: SIMD16(repeating: 4))
        let x2 = c * c
        var num = SIMD16<Float>(repeating: p.5)
        num = num * x2 + p.4; num = num * x2 + p.3; num = num * x2 + p.2; num = num * x2 + p.1; num = num * x2 + p.0
        var den = SIMD16<Float>(repeating: q.6)
        den = den * x2 + q.5; den = den * x2 + q.4; den = den * x2 + q.3; den = den * x2 + q.2; den = den * x2 + q.1
        den = den * x2 + q.0
        return c * num / den
    }

    static func erf(_ x: Float) -> Float { erf(SIMD16(repeating: x))[0] }

    /// GELU, exact form: x·Φ(x) = x/2·(1 + erf(x/√2)), in place.
    static func gelu(_ v: UnsafeMutablePointer<Float>, _ n: Int) {
        let raw = UnsafeMutableRawPointer(v)
        var i = 0
        while i + 16 <= n {
            let x = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            let y = 0.5 * x * (1 + erf(x * 0.70710678118654752))
            raw.storeBytes(of: y, toByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
        while i < n { v[i] = 0.5 * v[i] * (1 + erf(v[i] * 0.70710678118654752)); i += 1 }
    }

    /// LayerNorm of each of `rows` rows of width `n`, in place.
    static func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, n: Int, gain: UnsafePointer<Float>,
                          bias: UnsafePointer<Float>, epsilon: Float) {
        for r in 0..<rows {
            let row = x + r * n
            var sum: Float = 0
            for j in 0..<n { sum += row[j] }
            let mean = sum / Float(n)
            var variance: Float = 0
            for j in 0..<n { let d = row[j] - mean; variance += d * d }
            let inv = 1 / (variance / Float(n) + epsilon).squareRoot()
            for j in 0..<n { row[j] = (row[j] - mean) * inv * gain[j] + bias[j] }
        }
    }

    /// Softmax of each of `rows` rows of width `n`, in place.
    static func softmax(_ x: UnsafeMutablePointer<Float>, rows: Int, n: Int) {
        for r in 0..<rows {
            let row = x + r * n
            var m = row[0]
            for j in 1..<n where row[j] > m { m = row[j] }
            var sum: Float = 0
            for j in 0..<n { let e = expf(row[j] - m); row[j] = e; sum += e }
            let inv = 1 / sum
            for j in 0..<n { row[j] *= inv }
        }
    }
}
