import CBLAS
import CKernels
import Foundation
import Testing

@testable import Embeddings

/// The int8 product: the portable version against a double-precision reference of the same codes
/// and against the float product, and every faster version bit for bit against the portable one.
@Suite("Encoder int8 kernels")
struct Int8KernelTests {
    typealias Numbers = KernelTests.Numbers

    /// Packs `w`, quantizes `a` at `level`, and returns the codes and the product onto `start`,
    /// with the panels split in two ranges as two threads would.
    struct Run {
        var codes: [UInt8], scales: [Float], zeros: [Int32], out: [Float]
        var packed: [Int8], weightScales: [Float], sums: [Int32]
    }

    static func run(
        level: Int32, a: [Float], rows: Int, w: [Float], inputs: Int, outputs: Int, transposed: Bool, start: [Float]
    ) -> Run {
        var packed = [Int8](repeating: 0, count: gk_q8_packed_bytes(inputs, outputs))
        var weightScales = [Float](repeating: 0, count: outputs)
        var sums = [Int32](repeating: 0, count: outputs)
        gk_q8_pack(w, inputs, outputs, transposed ? 1 : 0, &packed, &weightScales, &sums)
        var codes = [UInt8](repeating: 0, count: rows * inputs)
        var scales = [Float](repeating: 0, count: rows)
        var zeros = [Int32](repeating: 0, count: rows)
        gk_q8_quantize_rows_at(level, a, inputs, rows, inputs, &codes, &scales, &zeros)
        var out = start
        let panels = outputs / 16
        for range in [0..<1, 1..<panels] {
            gk_q8_gemm_at(
                level, codes, rows, inputs, scales, zeros, packed, outputs, weightScales, sums, &out, outputs,
                range.lowerBound, range.upperBound)
        }
        return Run(
            codes: codes, scales: scales, zeros: zeros, out: out, packed: packed, weightScales: weightScales, sums: sums
        )
    }

    /// The layer's input with awkward rows mixed in: all zeros, all positive, one constant value.
    static func input(_ numbers: inout Numbers, rows: Int, inputs: Int) -> [Float] {
        var a = numbers.array(rows * inputs, 3)
        for r in 0..<rows where r % 7 == 3 {
            for i in 0..<inputs {
                let x = a[r * inputs + i]
                a[r * inputs + i] = [Float(0), abs(x), 0.25][r % 3]
            }
        }
        return a
    }

    @Test(
        """
        the portable int8 product is exact on its codes and near the float product; every level equals it bit for \
        bit, split or not
        """,
        arguments: [1, 5, 9, 11, 12, 13, 22, 97, 128, 300])
    func product(rows: Int) {
        var numbers = Numbers(state: UInt64(700 + rows))
        // 48 outputs are three panels (the VNNI kernel takes two at a time); 300 inputs leave a tail
        // of 12 after the 16-wide quantization loop.
        for (inputs, outputs, transposed) in [(384, 48, false), (300, 32, true)] {
            let w = numbers.array(inputs * outputs, 0.2)
            let a = Self.input(&numbers, rows: rows, inputs: inputs)
            let start = numbers.array(rows * outputs)
            let portable = Self.run(
                level: Int32(GK_LEVEL_PORTABLE), a: a, rows: rows, w: w, inputs: inputs, outputs: outputs,
                transposed: transposed, start: start)
            // The codes reproduce the inputs to half a step, and the weights to half theirs.
            for r in 0..<rows {
                let step = portable.scales[r]
                for i in 0..<inputs {
                    let back = (Float(portable.codes[r * inputs + i]) - Float(portable.zeros[r])) * step
                    #expect(abs(back - a[r * inputs + i]) <= step * 0.501, "row \(r) column \(i)")
                }
            }
            func weight(_ i: Int, _ j: Int) -> Float { transposed ? w[j * inputs + i] : w[i * outputs + j] }
            func code(_ i: Int, _ j: Int) -> Int8 {
                portable.packed[(j / 16) * 16 * inputs + (i / 4) * 64 + (j % 16) * 4 + i % 4]
            }
            for j in 0..<outputs {
                #expect(portable.sums[j] == (0..<inputs).reduce(Int32(0)) { $0 + Int32(code($1, j)) })
                for i in stride(from: 0, to: inputs, by: 7) {
                    #expect(
                        abs(Float(code(i, j)) * portable.weightScales[j] - weight(i, j)) <= portable.weightScales[j]
                            * 0.501)
                }
            }
            // Exact on its codes: the double sum of dequantized codes, to float rounding.
            var worstExact = 0.0
            var worstFloat = 0.0
            var largest = 0.0
            for r in 0..<rows {
                for j in 0..<outputs {
                    var exact = 0.0
                    var real = 0.0
                    for i in 0..<inputs {
                        exact += Double(Int32(portable.codes[r * inputs + i]) - portable.zeros[r]) * Double(code(i, j))
                        real += Double(a[r * inputs + i]) * Double(weight(i, j))
                    }
                    let scaled = exact * Double(portable.scales[r] * portable.weightScales[j])
                    let got = Double(portable.out[r * outputs + j]) - Double(start[r * outputs + j])
                    worstExact = max(worstExact, abs(got - scaled))
                    worstFloat = max(worstFloat, abs(got - real))
                    largest = max(largest, abs(real))
                }
            }
            #expect(worstExact < 1e-4, "against its codes: \(worstExact)")
            // Against the float product: within 2% of the largest output on these random inputs.
            #expect(worstFloat < 0.02 * largest, "against floats: \(worstFloat) of \(largest)")

            for level in KernelTests.levels where level != Int32(GK_LEVEL_PORTABLE) {
                let fast = Self.run(
                    level: level, a: a, rows: rows, w: w, inputs: inputs, outputs: outputs, transposed: transposed,
                    start: start)
                #expect(fast.codes == portable.codes, "level \(level)")
                #expect(fast.scales == portable.scales && fast.zeros == portable.zeros, "level \(level)")
                #expect(fast.out == portable.out, "level \(level)")
            }
        }
    }

    @Test("at the largest depth the sums stay exact: codes 255 against ±127 over 16,384 inputs, at every level")
    func extremes() {
        let (rows, inputs, outputs) = (7, 16_384, 32)
        // Constant positive rows quantize to code 255 everywhere (zero point 0); columns of ±1 to
        // ±127, one sign per column in the first panel, alternating by pairs of inputs in the second.
        let a = (0..<rows * inputs).map { Float(1 + $0 / inputs) }
        let w = (0..<inputs * outputs).map { index -> Float in
            let (i, j) = (index / outputs, index % outputs)
            return j < 16 ? (j % 2 == 0 ? 1 : -1) : ((i / 2) % 2 == 0 ? 1 : -1)
        }
        let start = [Float](repeating: 0.5, count: rows * outputs)
        let portable = Self.run(
            level: Int32(GK_LEVEL_PORTABLE), a: a, rows: rows, w: w, inputs: inputs, outputs: outputs,
            transposed: false, start: start)
        #expect(portable.codes.allSatisfy { $0 == 255 } && portable.zeros.allSatisfy { $0 == 0 })
        #expect(portable.packed.allSatisfy { $0 == 127 || $0 == -127 })
        for r in 0..<rows {
            // Column 0: 16,384 products of 255 · 127, scaled back to 16,384 · (1 + r); column 1 its negative.
            let expected = Float(inputs * (1 + r))
            #expect(abs(portable.out[r * outputs] - 0.5 - expected) <= 1e-5 * expected, "row \(r)")
            #expect(abs(portable.out[r * outputs + 1] - 0.5 + expected) <= 1e-5 * expected, "row \(r)")
        }
        for level in KernelTests.levels where level != Int32(GK_LEVEL_PORTABLE) {
            let fast = Self.run(
                level: level, a: a, rows: rows, w: w, inputs: inputs, outputs: outputs, transposed: false,
                start: start)
            #expect(fast.out == portable.out, "level \(level)")
        }
    }

    @Test("an int8 LinearWeight gives the kernel's result on one thread and split between two")
    func linearWeight() {
        var numbers = Numbers(state: 41)
        let (rows, inputs, outputs) = (23, 384, 64)
        let w = numbers.array(inputs * outputs, 0.2)
        let a = Self.input(&numbers, rows: rows, inputs: inputs)
        let start = numbers.array(rows * outputs)
        let expected = Self.run(
            level: gk_level(), a: a, rows: rows, w: w, inputs: inputs, outputs: outputs, transposed: false,
            start: start
        ).out
        let weight = LinearWeight(w, inputs: inputs, outputs: outputs, transposed: false, precision: .int8)
        #expect(weight.int8 != nil && weight.panels.isEmpty && weight.matrix.isEmpty)
        let workspace = EncoderWorkspace()
        for threads in [1, 2] {
            for scratch in [nil, workspace.int8Scratch(rows: rows, width: inputs)] {
                var out = start
                var input = a
                input.withUnsafeMutableBufferPointer { i in
                    out.withUnsafeMutableBufferPointer {
                        weight.apply(
                            i.baseAddress!, rows: rows, into: $0.baseAddress!, threads: threads, scratch: scratch)
                    }
                }
                #expect(out == expected, "threads \(threads), scratch \(scratch == nil ? "own" : "workspace")")
            }
        }
        // A layer the int8 kernel cannot take (outputs not a multiple of 16) stays in float32.
        let odd = LinearWeight(numbers.array(384 * 20), inputs: 384, outputs: 20, transposed: false, precision: .int8)
        #expect(odd.int8 == nil)
    }

    @Test("automatic precision is int8 exactly where a fast int8 kernel runs: VNNI or AVX2")
    func automatic() {
        let expected: MiniLMConfiguration.Precision = gk_level() >= GK_LEVEL_AVX2 ? .int8 : .float32
        #expect(MiniLMConfiguration.Precision.automatic.resolved == expected)
        #expect(MiniLMConfiguration.Precision.float32.resolved == .float32)
        #expect(MiniLMConfiguration.Precision.int8.resolved == .int8)
    }
}
