import CBLAS
import CKernels
import Foundation
import Testing

@testable import Embeddings

/// The C kernels, dispatched (AVX2 + FMA where the CPU has them) and portable, against plain
/// double-precision references on seeded random inputs.
@Suite("Encoder kernels")
struct KernelTests {
    /// Deterministic uniform floats in [-scale, scale).
    struct Numbers {
        var state: UInt64
        mutating func next(_ scale: Float = 1) -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
        }
        mutating func array(_ n: Int, _ scale: Float = 1) -> [Float] { (0..<n).map { _ in next(scale) } }
    }

    static func maxError(_ a: [Float], _ b: [Double]) -> Double {
        zip(a, b).map { abs(Double($0) - $1) }.max() ?? 0
    }

    /// Every kernel level this CPU runs, portable first.
    static let levels = Array(Int32(GK_LEVEL_PORTABLE)...Int32(gk_cpu_level()))

    @Test("GELU matches x·Φ(x) from libm's erf over [-8, 8] at every level the CPU runs", arguments: [4099, 5, 16])
    func gelu(count: Int) {
        var numbers = Numbers(state: 1)
        let input = numbers.array(count, 8)  // 4099 and 5: not a multiple of 8 or 16, so tails run too
        let expected = input.map { Double($0) * 0.5 * (1 + erf(Double($0) / 2.0.squareRoot())) }
        for level in Self.levels {
            var values = input
            values.withUnsafeMutableBufferPointer { gk_gelu_at(level, $0.baseAddress!, $0.count) }
            #expect(Self.maxError(values, expected) < 4e-6, "level \(level)")
        }
        var dispatched = input
        dispatched.withUnsafeMutableBufferPointer { gk_gelu($0.baseAddress!, $0.count) }
        #expect(Self.maxError(dispatched, expected) < 4e-6)
    }

    @Test("LayerNorm matches the definition at every level the CPU runs", arguments: [388, 384, 7])
    func layerNorm(n: Int) {
        for level in Self.levels { layerNorm(n: n, level: level) }
    }

    func layerNorm(n: Int, level: Int32) {
        var numbers = Numbers(state: 2)
        let rows = 5
        var x = numbers.array(rows * n, 3)
        let gain = numbers.array(n)
        let bias = numbers.array(n)
        var expected: [Double] = []
        for r in 0..<rows {
            let row = x[(r * n)..<(r * n + n)].map(Double.init)
            let mean = row.reduce(0, +) / Double(n)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
            for j in 0..<n {
                expected.append((row[j] - mean) / (variance + 1e-12).squareRoot() * Double(gain[j]) + Double(bias[j]))
            }
        }
        x.withUnsafeMutableBufferPointer { gk_layer_norm_at(level, $0.baseAddress!, rows, n, gain, bias, 1e-12) }
        #expect(Self.maxError(x, expected) < 2e-5, "level \(level)")
    }

    /// softmax(Q·Kᵀ/√d)·V per head, in double precision.
    static func attentionReference(_ qkv: [Float], length: Int, heads: Int, headSize: Int) -> [Double] {
        let hidden = heads * headSize
        let stride = 3 * hidden
        var out = [Double](repeating: 0, count: length * hidden)
        for h in 0..<heads {
            for i in 0..<length {
                var scores = (0..<length).map { j in
                    (0..<headSize).reduce(0.0) {
                        $0 + Double(qkv[i * stride + h * headSize + $1])
                            * Double(qkv[j * stride + hidden + h * headSize + $1])
                    }
                        / Double(headSize).squareRoot()
                }
                let m = scores.max()!
                scores = scores.map { exp($0 - m) }
                let total = scores.reduce(0, +)
                for j in 0..<length {
                    for d in 0..<headSize {
                        out[i * hidden + h * headSize + d] +=
                            scores[j] / total * Double(qkv[j * stride + 2 * hidden + h * headSize + d])
                    }
                }
            }
        }
        return out
    }

    /// Lengths on both sides of the kernels' blocks: 6 query rows, 8- and 16-lane softmax vectors,
    /// 16- and 32-column score blocks (whose padding must not count in a row's maximum), up to 256;
    /// heads of 32 floats (MiniLM's) and of 48 (a 32-float block and a 16-float one).
    @Test(
        "attention matches softmax(QKᵀ/√d)·V for lengths around the kernels' blocks, at every level the CPU runs",
        arguments: [1, 3, 5, 6, 8, 9, 16, 17, 24, 33, 40, 131, 256], KernelTests.levels)
    func attention(length: Int, level: Int32) {
        for headSize in [32, 48] {
            var numbers = Numbers(state: UInt64(length * headSize))
            let qkv = numbers.array(length * 3 * Self.heads * headSize, 2)
            let expected = Self.attentionReference(qkv, length: length, heads: Self.heads, headSize: headSize)
            let got = Self.attention(qkv, length: length, headSize: headSize, level: level)
            #expect(Self.maxError(got, expected) < 1e-5, "head size \(headSize)")
        }
    }

    /// Every score near -113 or below: a kernel that let the zero scores of its padding columns
    /// into a row's maximum would push every e^(s − max) under its -87 floor and weigh the keys
    /// alike, where the exact weights favour the first key by e^2.8 over the next.
    @Test("attention is exact when every score lies far below zero", arguments: KernelTests.levels)
    func attentionFarBelowZero(level: Int32) {
        let length = 20
        let hidden = Self.hidden
        var numbers = Numbers(state: 9)
        var qkv = numbers.array(length * 3 * hidden, 2)
        for t in 0..<length {
            for d in 0..<hidden {
                qkv[t * 3 * hidden + d] = -5
                qkv[t * 3 * hidden + hidden + d] = 4 + 0.1 * Float(t)
            }
        }
        let expected = Self.attentionReference(qkv, length: length, heads: Self.heads, headSize: Self.headSize)
        // Float scores of magnitude 113 are good to about 1e-5, so the bound is looser than above;
        // weighing the keys alike misses by about 2.
        let got = Self.attention(qkv, length: length, headSize: Self.headSize, level: level)
        #expect(Self.maxError(got, expected) < 1e-4)
    }

    static let heads = 3, headSize = 32, hidden = heads * headSize

    /// The context of `gk_attention_at(level)` for `qkv` of `heads` × `headSize`; at the CPU's own
    /// level, of the dispatched `gk_attention`, which must agree.
    static func attention(_ qkv: [Float], length: Int, headSize: Int, level: Int32) -> [Float] {
        let hidden = heads * headSize
        let bytes = gk_attention_scratch_bytes(length, headSize)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        defer { scratch.deallocate() }
        let floats = scratch.bindMemory(to: Float.self, capacity: bytes / 4)
        var context = [Float](repeating: .nan, count: length * hidden)
        context.withUnsafeMutableBufferPointer { c in
            gk_attention_at(level, qkv, 3 * hidden, length, heads, headSize, c.baseAddress!, hidden, floats)
        }
        if level == gk_level() {
            var dispatched = [Float](repeating: .nan, count: length * hidden)
            dispatched.withUnsafeMutableBufferPointer { c in
                gk_attention(qkv, 3 * hidden, length, heads, headSize, c.baseAddress!, hidden, floats)
            }
            #expect(dispatched == context)
        }
        return context
    }

    @Test(
        """
        the packed product equals BLAS at every kernel level, for row counts around the kernel's blocks, transposed \
        or not
        """,
        arguments: [1, 5, 6, 11, 12, 13, 22, 97, 128, 300])
    func packedProduct(rows: Int) {
        var numbers = Numbers(state: UInt64(100 + rows))
        // 48 outputs are three panels (the AVX-512 kernel takes them two at a time), 32 are two.
        for (inputs, outputs, transposed) in [(384, 48, false), (300, 32, true)] {
            let w = numbers.array(inputs * outputs)
            let a = numbers.array(rows * inputs)
            let start = numbers.array(rows * outputs)
            var expected = start
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, transposed ? CblasTrans : CblasNoTrans, Int32(rows), Int32(outputs),
                Int32(inputs), 1, a, Int32(inputs), w, Int32(transposed ? inputs : outputs), 1, &expected,
                Int32(outputs))
            var packed = [Float](repeating: 0, count: gk_packed_count(inputs, outputs))
            gk_pack(w, inputs, outputs, transposed ? 1 : 0, &packed)
            let reference = expected.map(Double.init)
            var portable = start
            gk_gemm_packed_portable(a, inputs, rows, inputs, packed, outputs, &portable, outputs, 0, outputs / 16)
            #expect(Self.maxError(portable, reference) < 1e-4)
            for level in GK_LEVEL_PORTABLE...gk_level() {
                // Two panel ranges, as two threads would split them.
                var out = start
                gk_gemm_packed_at(level, a, inputs, rows, inputs, packed, outputs, &out, outputs, 0, 1)
                gk_gemm_packed_at(level, a, inputs, rows, inputs, packed, outputs, &out, outputs, 1, outputs / 16)
                #expect(Self.maxError(out, reference) < 1e-4, "level \(level)")
            }

            // Through `LinearWeight`, on one thread and split between two.
            let weight = LinearWeight(w, inputs: inputs, outputs: outputs, transposed: transposed)
            for threads in [1, 2] {
                var out = start
                var input = a
                input.withUnsafeMutableBufferPointer { i in
                    out.withUnsafeMutableBufferPointer {
                        weight.apply(i.baseAddress!, rows: rows, into: $0.baseAddress!, threads: threads)
                    }
                }
                #expect(Self.maxError(out, reference) < 1e-4)
            }
        }
    }

    /// Counts calls per part; `gk_run_split` must run each part exactly once per call.
    final class Tally: @unchecked Sendable {
        let lock = NSLock()
        var parts = [0, 0]
        func add(_ part: Int) {
            lock.lock()
            parts[part] += 1
            lock.unlock()
        }
    }

    @Test("a split runs each half exactly once, also when callers on several threads share the helper")
    func split() {
        let tally = Tally()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let context = Unmanaged.passUnretained(tally).toOpaque()
            for _ in 0..<500 {
                gk_run_split(
                    { context, part in
                        Unmanaged<Tally>.fromOpaque(context!).takeUnretainedValue().add(part)
                    }, context)
            }
        }
        #expect(tally.parts == [2000, 2000])
    }
}
