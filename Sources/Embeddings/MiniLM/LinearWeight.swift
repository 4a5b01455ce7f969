import CBLAS
import CKernels

/// The weight matrix of one linear layer, kept twice: in the layout OpenBLAS multiplies fastest at
/// these shapes (`[in, out]`, or `[out, in]` when `transposed`; measured per layer), and packed in
/// 16-column panels for the project's own kernel, which wins when a call has few rows, and at every
/// size where the CPU has AVX-512.
///
/// Thread safety: immutable; `apply` may run on several threads at once on distinct outputs.
struct LinearWeight: Sendable {
    let inputs: Int
    let outputs: Int
    let transposed: Bool
    /// The matrix for OpenBLAS, or empty where `apply` never calls it (the panels serve every size).
    let matrix: [Float]
    /// `gk_pack` panels, or empty where the kernel would not be used (no AVX2 + FMA, or `outputs`
    /// not a multiple of 16).
    let panels: [Float]

    /// Up to this many rows, `apply` uses the packed kernel (measured on this project's shapes:
    /// 1.5× OpenBLAS at 22 rows, level at 96, behind from about 192).
    static let packedRowLimit = 128

    /// Whether the packed kernel runs at every row count: with AVX-512 it ran at 205-230 GFLOP/s on
    /// 4,128 rows of these shapes, against 110-120 for OpenBLAS 0.3.21 with its AVX2 kernels and
    /// 210-245 with its AVX-512 ones (`OPENBLAS_CORETYPE`; Zen 5, one thread).
    static let packedAtEverySize = gk_level() >= GK_LEVEL_AVX512

    /// - Parameters:
    ///   - matrix: row-major `[inputs, outputs]`, or `[outputs, inputs]` when `transposed`.
    init(_ matrix: [Float], inputs: Int, outputs: Int, transposed: Bool) {
        precondition(matrix.count == inputs * outputs, "weight has \(matrix.count) floats, not \(inputs)×\(outputs)")
        self.inputs = inputs
        self.outputs = outputs
        self.transposed = transposed
        if gk_has_avx2_fma() != 0 && outputs % 16 == 0 {
            var packed = [Float](repeating: 0, count: gk_packed_count(inputs, outputs))
            matrix.withUnsafeBufferPointer { m in
                packed.withUnsafeMutableBufferPointer {
                    gk_pack(m.baseAddress!, inputs, outputs, transposed ? 1 : 0, $0.baseAddress!)
                }
            }
            panels = packed
        } else {
            panels = []
        }
        // Keeping both forms would double the weights' memory (42 MB for MiniLM) for nothing.
        self.matrix = !panels.isEmpty && Self.packedAtEverySize ? [] : matrix
    }

    /// `out += input · W` for `rows` rows (row strides `inputs` and `outputs`). With few rows and
    /// `threads` > 1 the output columns are split between this thread and a helper (`gk_run_split`).
    func apply(_ input: UnsafeMutablePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>, threads: Int = 1)
    {
        guard rows > 0 else { return }
        if !panels.isEmpty && (rows <= Self.packedRowLimit || Self.packedAtEverySize) {
            panels.withUnsafeBufferPointer { p in
                var job = PackedProduct(
                    input: input, rows: rows, inputs: inputs, outputs: outputs, panels: p.baseAddress!, out: out)
                if threads > 1 {
                    withUnsafeMutablePointer(to: &job) { gk_run_split({ PackedProduct.run($0!, part: $1) }, $0) }
                } else {
                    job.run(panels: 0..<(outputs / 16))
                }
            }
            return
        }
        matrix.withUnsafeBufferPointer { w in
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, transposed ? CblasTrans : CblasNoTrans, Int32(rows), Int32(outputs),
                Int32(inputs), 1, input, Int32(inputs), w.baseAddress!, Int32(transposed ? inputs : outputs),
                1, out, Int32(outputs))
        }
    }
}

/// One packed product, which two threads may split by panels (disjoint columns of `out`).
private struct PackedProduct {
    let input: UnsafeMutablePointer<Float>
    let rows: Int, inputs: Int, outputs: Int
    let panels: UnsafePointer<Float>
    let out: UnsafeMutablePointer<Float>

    func run(panels range: Range<Int>) {
        gk_gemm_packed(input, inputs, rows, inputs, panels, outputs, out, outputs, range.lowerBound, range.upperBound)
    }

    /// Part 0 or 1 of the panels, for `gk_run_split`.
    static func run(_ context: UnsafeMutableRawPointer, part: Int) {
        let job = context.assumingMemoryBound(to: PackedProduct.self).pointee
        let count = job.outputs / 16
        let middle = count / 2
        job.run(panels: part == 0 ? 0..<middle : middle..<count)
    }
}
