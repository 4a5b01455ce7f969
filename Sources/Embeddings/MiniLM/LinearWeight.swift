import CBLAS
import CKernels

/// The weight matrix of one linear layer. In float32 it is kept twice: in the layout OpenBLAS
/// multiplies fastest at these shapes (`[in, out]`, or `[out, in]` when `transposed`; measured per
/// layer), and packed in 16-column panels for the project's own kernel, which wins when a call has
/// few rows, and at every size where the CPU has AVX-512. In int8 only the int8 panels are kept.
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
    /// The int8 form, when the layer multiplies in int8 (then `matrix` and `panels` are empty).
    let int8: Int8Panels?

    /// Up to this many rows, `apply` uses the packed kernel (measured on this project's shapes:
    /// 1.5× OpenBLAS at 22 rows, level at 96, behind from about 192).
    static let packedRowLimit = 128

    /// Whether the packed kernel runs at every row count: with AVX-512 it ran at 205-230 GFLOP/s on
    /// 4,128 rows of these shapes, against 110-120 for OpenBLAS 0.3.21 with its AVX2 kernels and
    /// 210-245 with its AVX-512 ones (`OPENBLAS_CORETYPE`; Zen 5, one thread).
    static let packedAtEverySize = gk_level() >= GK_LEVEL_AVX512

    /// - Parameters:
    ///   - matrix: row-major `[inputs, outputs]`, or `[outputs, inputs]` when `transposed`.
    ///   - precision: `.int8` quantizes the weights (when `Int8Panels` takes these dimensions);
    ///     `.automatic` is resolved for this CPU first.
    init(
        _ matrix: [Float], inputs: Int, outputs: Int, transposed: Bool,
        precision: MiniLMConfiguration.Precision = .float32
    ) {
        precondition(matrix.count == inputs * outputs, "weight has \(matrix.count) floats, not \(inputs)×\(outputs)")
        self.inputs = inputs
        self.outputs = outputs
        self.transposed = transposed
        if precision.resolved == .int8 && Int8Panels.accepts(inputs: inputs, outputs: outputs) {
            int8 = Int8Panels(matrix, inputs: inputs, outputs: outputs, transposed: transposed)
            panels = []
            self.matrix = []
            return
        }
        int8 = nil
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
    /// An int8 layer quantizes `input` into `scratch` (at least `rows` rows of `inputs`), or into
    /// memory of its own when `scratch` is nil.
    func apply(
        _ input: UnsafeMutablePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>, threads: Int = 1,
        scratch: Int8Scratch? = nil
    ) {
        guard rows > 0 else { return }
        if let int8 {
            if let scratch {
                precondition(scratch.rows >= rows && scratch.capacity >= rows * inputs, "int8 scratch too small")
                applyInt8(int8, input, rows: rows, into: out, threads: threads, scratch: scratch)
            } else {
                let bytes = Int8Scratch.bytes(rows: rows, width: inputs)
                let base = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
                defer { base.deallocate() }
                let own = Int8Scratch(base: base, rows: rows, width: inputs)
                applyInt8(int8, input, rows: rows, into: out, threads: threads, scratch: own)
            }
            return
        }
        if !panels.isEmpty && (rows <= Self.packedRowLimit || Self.packedAtEverySize) {
            panels.withUnsafeBufferPointer { p in
                var job = PanelProduct(
                    rows: rows, inputs: inputs, outputs: outputs, out: out,
                    weights: .float(input: input, panels: p.baseAddress!))
                job.run(threads: threads)
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

/// One product over panels of 16 output columns (float, or int8 with its input already quantized),
/// which two threads may split by panels: they write disjoint columns of `out`.
private struct PanelProduct {
    enum Weights {
        case float(input: UnsafeMutablePointer<Float>, panels: UnsafePointer<Float>)
        case int8(
            scratch: Int8Scratch, codes: UnsafePointer<Int8>, scales: UnsafePointer<Float>, sums: UnsafePointer<Int32>)
    }

    let rows: Int, inputs: Int, outputs: Int
    let out: UnsafeMutablePointer<Float>
    let weights: Weights

    func run(panels range: Range<Int>) {
        let (begin, end) = (range.lowerBound, range.upperBound)
        switch weights {
        case .float(let input, let panels):
            gk_gemm_packed(input, inputs, rows, inputs, panels, outputs, out, outputs, begin, end)
        case .int8(let scratch, let codes, let scales, let sums):
            gk_q8_gemm(
                scratch.codes, rows, inputs, scratch.scales, scratch.zeros, codes, outputs, scales, sums, out, outputs,
                begin, end)
        }
    }

    /// Every panel: on this thread, or halved with the helper thread (`gk_run_split`) when
    /// `threads` > 1.
    mutating func run(threads: Int) {
        guard threads > 1 else { return run(panels: 0..<(outputs / 16)) }
        withUnsafeMutablePointer(to: &self) { gk_run_split({ PanelProduct.run($0!, part: $1) }, $0) }
    }

    /// Part 0 or 1 of the panels, for `gk_run_split`.
    private static func run(_ context: UnsafeMutableRawPointer, part: Int) {
        let job = context.assumingMemoryBound(to: PanelProduct.self).pointee
        let count = job.outputs / 16
        let middle = count / 2
        job.run(panels: part == 0 ? 0..<middle : middle..<count)
    }
}

extension LinearWeight {
    /// The int8 product: the input quantized once, the output columns split between threads.
    private func applyInt8(
        _ int8: Int8Panels, _ input: UnsafeMutablePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>,
        threads: Int, scratch: Int8Scratch
    ) {
        gk_q8_quantize_rows(input, inputs, rows, inputs, scratch.codes, scratch.scales, scratch.zeros)
        int8.codes.withUnsafeBufferPointer { codes in
            int8.scales.withUnsafeBufferPointer { scales in
                int8.sums.withUnsafeBufferPointer { sums in
                    var job = PanelProduct(
                        rows: rows, inputs: inputs, outputs: outputs, out: out,
                        weights: .int8(
                            scratch: scratch, codes: codes.baseAddress!, scales: scales.baseAddress!,
                            sums: sums.baseAddress!))
                    job.run(threads: threads)
                }
            }
        }
    }
}
