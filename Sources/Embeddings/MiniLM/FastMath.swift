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

    /// erf(x) for one value (the same rational approximation).
    @inline(__always)
    static func erf(_ x: Float) -> Float {
        let c = Swift.min(Swift.max(x, -4), 4)
        let x2 = c * c
        var num = p.5
        num = num * x2 + p.4; num = num * x2 + p.3; num = num * x2 + p.2; num = num * x2 + p.1; num = num * x2 + p.0
        var den = q.6
        den = den * x2 + q.5; den = den * x2 + q.4; den = den * x2 + q.3; den = den * x2 + q.2; den = den * x2 + q.1
        den = den * x2 + q.0
        return c * num / den
    }

    /// GELU, exact form: x·Φ(x) = x/2·(1 + erf(x/√2)), in place. A plain loop with no calls, which
    /// the compiler vectorises.
    static func gelu(_ v: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n {
            let x = v[i]
            v[i] = 0.5 * x * (1 + erf(x * 0.70710678118654752))
        }
    }

    /// LayerNorm of each of `rows` rows of width `n`, in place.
    static func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, n: Int, gain: UnsafePointer<Float>,
                          bias: UnsafePointer<Float>, epsilon: Float) {
        for r in 0..<rows {
            let row = x + r * n
            let mean = sum(row, n) / Float(n)
            let inv = 1 / (squaredDeviations(row, n, from: mean) / Float(n) + epsilon).squareRoot()
            for j in 0..<n { row[j] = (row[j] - mean) * inv * gain[j] + bias[j] }
        }
    }

    /// Softmax of each of `rows` rows of width `n`, in place. Reductions are explicit SIMD sums:
    /// a float reduction written as a plain loop stays scalar (the compiler may not reorder it).
    static func softmax(_ x: UnsafeMutablePointer<Float>, rows: Int, n: Int) {
        for r in 0..<rows {
            let row = x + r * n
            let m = maximum(row, n)
            for j in 0..<n { row[j] = expNonPositive(row[j] - m) }
            let inv = 1 / sum(row, n)
            for j in 0..<n { row[j] *= inv }
        }
    }

    @inline(__always)
    static func sum(_ p: UnsafeMutablePointer<Float>, _ n: Int) -> Float {
        let raw = UnsafeRawPointer(p)
        var a = SIMD8<Float>(), b = SIMD8<Float>()
        var i = 0
        while i + 16 <= n {
            a += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            b += raw.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
            i += 16
        }
        var s = (a + b).sum()
        while i < n { s += p[i]; i += 1 }
        return s
    }

    @inline(__always)
    static func squaredDeviations(_ p: UnsafeMutablePointer<Float>, _ n: Int, from mean: Float) -> Float {
        let raw = UnsafeRawPointer(p)
        let m = SIMD8<Float>(repeating: mean)
        var a = SIMD8<Float>(), b = SIMD8<Float>()
        var i = 0
        while i + 16 <= n {
            let d0 = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - m
            let d1 = raw.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self) - m
            a += d0 * d0
            b += d1 * d1
            i += 16
        }
        var s = (a + b).sum()
        while i < n { let d = p[i] - mean; s += d * d; i += 1 }
        return s
    }

    @inline(__always)
    static func maximum(_ p: UnsafeMutablePointer<Float>, _ n: Int) -> Float {
        let raw = UnsafeRawPointer(p)
        var i = 0
        var m = -Float.infinity
        if n >= 8 {
            var v = raw.loadUnaligned(as: SIMD8<Float>.self)
            i = 8
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                v = v.replacing(with: w, where: w .> v)
                i += 8
            }
            m = v.max()
        }
        while i < n { m = Swift.max(m, p[i]); i += 1 }
        return m
    }

    /// e^x for x <= 0 (as softmax needs after subtracting the maximum), without a library call so
    /// loops over it vectorise: x = n·ln2 + r with |r| <= ln2/2, e^r by its degree-6 Taylor
    /// polynomial (relative error below 2e-7), 2^n from the exponent bits. Inputs below -87 give 0.
    @inline(__always)
    static func expNonPositive(_ x: Float) -> Float {
        let c = Swift.max(x, -87)
        // Adding 1.5·2^23 rounds x/ln2 to the nearest integer n and leaves n in the low mantissa
        // bits, so 2^n comes from wrapping integer arithmetic: nothing here can trap, and the loop
        // calling this vectorises.
        let shifted = c * 1.44269504088896341 + 12582912
        let n = shifted - 12582912
        let r = c - n * 0.693145751953125 - n * 1.42860682030941723e-6
        var p: Float = 1.0 / 720
        p = p * r + 1.0 / 120; p = p * r + 1.0 / 24; p = p * r + 1.0 / 6; p = p * r + 0.5; p = p * r + 1; p = p * r + 1
        let scale = Float(bitPattern: (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
        return c > -87 ? p * scale : 0
    }
}
