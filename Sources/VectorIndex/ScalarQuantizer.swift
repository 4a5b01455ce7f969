/// Symmetric int8 scalar quantization with one scale per vector: `x ≈ scale · code`, codes in
/// -127...127, `scale = max|x| / 127`. Needs no training, so vectors can be added one at a time;
/// the inner product of a float query with a coded row is `scale · <query, code>`.
public enum ScalarQuantizer {
    /// Encodes `n` floats into `codes` and writes the row's scale.
    public static func encode(
        _ v: UnsafePointer<Float>, _ n: Int, into codes: UnsafeMutablePointer<Int8>,
        scale: UnsafeMutablePointer<Float>
    ) {
        var maxAbs: Float = 0
        for i in 0..<n { maxAbs = max(maxAbs, abs(v[i])) }
        guard maxAbs > 0 else {
            codes.update(repeating: 0, count: n)
            scale.pointee = 0
            return
        }
        let inv = 127 / maxAbs
        for i in 0..<n { codes[i] = Int8((v[i] * inv).rounded()) }
        scale.pointee = maxAbs / 127
    }
}
