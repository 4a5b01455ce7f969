import CKernels

/// A linear layer's weights quantized for `gk_q8_gemm`: one int8 code per weight, symmetric per
/// output column (`scales`), packed in panels of 16 columns, with each column's code sum (the
/// correction for the inputs' zero points).
///
/// Thread safety: immutable.
struct Int8Panels: Sendable {
    let codes: [Int8]
    let scales: [Float]
    let sums: [Int32]

    /// Whether `gk_q8_gemm` takes a layer of these dimensions.
    static func accepts(inputs: Int, outputs: Int) -> Bool {
        inputs % 4 == 0 && inputs <= 16_384 && outputs % 16 == 0
    }

    /// - Parameter matrix: row-major `[inputs, outputs]`, or `[outputs, inputs]` when `transposed`.
    init(_ matrix: [Float], inputs: Int, outputs: Int, transposed: Bool) {
        precondition(Self.accepts(inputs: inputs, outputs: outputs), "int8 layer \(inputs)×\(outputs)")
        var codes = [Int8](repeating: 0, count: gk_q8_packed_bytes(inputs, outputs))
        var scales = [Float](repeating: 0, count: outputs)
        var sums = [Int32](repeating: 0, count: outputs)
        gk_q8_pack(matrix, inputs, outputs, transposed ? 1 : 0, &codes, &scales, &sums)
        self.codes = codes
        self.scales = scales
        self.sums = sums
    }
}
