import CBLAS
import Foundation

/// A BERT encoder with mean pooling: token ids in, one L2-normalised vector per sequence out.
///
/// Sequences of a batch are packed end to end, never padded: the linear layers run as one
/// `sgemm` over every token of the batch, attention runs per sequence and head. Biases and
/// residuals are written into the output first and `sgemm` accumulates onto them (beta = 1).
/// Thread safety: immutable; `encode` may run on several threads at once (each call has its own
/// buffers).
struct BertEncoder: Sendable {
    let configuration: BertConfiguration
    let weights: BertWeights

    /// Pooled, normalised embeddings of `sequences` (each already `[CLS] … [SEP]`, at most
    /// `maxPositions` long and non-empty).
    func encode(_ sequences: [[Int32]]) -> [[Float]] {
        let c = configuration, h = c.hidden, f = c.intermediate
        let lengths = sequences.map(\.count)
        let offsets = lengths.reduce(into: [0]) { $0.append($0.last! + $1) }
        let total = offsets.last!
        guard total > 0 else { return [] }
        let maxLength = lengths.max() ?? 0

        let arena = Arena(sizes: [total * h, total * 3 * h, total * h, total * h, total * f, maxLength * maxLength])
        defer { arena.free() }
        var x = arena[0], tmp = arena[3]
        let qkv = arena[1], context = arena[2], up = arena[4], scores = arena[5]

        embed(sequences, offsets: offsets, into: x)
        for layer in weights.layers {
            layer.qkvBias.withUnsafeBufferPointer { fill(qkv, rows: total, with: $0) }
            gemm(x, layer.qkv, into: qkv, rows: total, inputs: h, outputs: 3 * h, transposed: false)
            attention(qkv, into: context, scores: scores, lengths: lengths, offsets: offsets)
            residual(x, layer.attentionOutBias, into: tmp, rows: total)
            gemm(context, layer.attentionOut, into: tmp, rows: total, inputs: h, outputs: h, transposed: false)
            layerNorm(tmp, rows: total, layer.attentionNormGain, layer.attentionNormBias)
            swap(&x, &tmp)
            layer.upBias.withUnsafeBufferPointer { fill(up, rows: total, with: $0) }
            gemm(x, layer.up, into: up, rows: total, inputs: h, outputs: f, transposed: false)
            FastMath.gelu(up, total * f)
            residual(x, layer.downBias, into: tmp, rows: total)
            gemm(up, layer.down, into: tmp, rows: total, inputs: f, outputs: h, transposed: true)
            layerNorm(tmp, rows: total, layer.outputNormGain, layer.outputNormBias)
            swap(&x, &tmp)
        }
        return sequences.indices.map { pool(x + offsets[$0] * h, rows: lengths[$0]) }
    }

    /// Word + position + token-type-0 embeddings, then LayerNorm.
    private func embed(_ sequences: [[Int32]], offsets: [Int], into x: UnsafeMutablePointer<Float>) {
        let h = configuration.hidden
        weights.words.withUnsafeBufferPointer { w in
            weights.positions.withUnsafeBufferPointer { p in
                weights.types.withUnsafeBufferPointer { t in
                    for (s, ids) in sequences.enumerated() {
                        for (pos, id) in ids.enumerated() {
                            let row = x + (offsets[s] + pos) * h
                            let wr = w.baseAddress! + Int(id) * h, pr = p.baseAddress! + pos * h, tr = t.baseAddress!
                            for j in 0..<h { row[j] = wr[j] + pr[j] + tr[j] }
                        }
                    }
                }
            }
        }
        layerNorm(x, rows: offsets.last!, weights.embeddingNormGain, weights.embeddingNormBias)
    }

    /// Scaled dot-product attention of every head of every sequence; writes `context`.
    private func attention(_ qkv: UnsafeMutablePointer<Float>, into context: UnsafeMutablePointer<Float>,
                           scores: UnsafeMutablePointer<Float>, lengths: [Int], offsets: [Int]) {
        let h = configuration.hidden, hs = configuration.headSize
        let scale = 1 / Float(hs).squareRoot()
        for s in lengths.indices {
            let l = lengths[s], base = qkv + offsets[s] * 3 * h
            for head in 0..<configuration.heads {
                let q = base + head * hs, k = base + h + head * hs, v = base + 2 * h + head * hs
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(l), Int32(l), Int32(hs),
                            scale, q, Int32(3 * h), k, Int32(3 * h), 0, scores, Int32(l))
                FastMath.softmax(scores, rows: l, n: l)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(l), Int32(hs), Int32(l),
                            1, scores, Int32(l), v, Int32(3 * h), 0, context + offsets[s] * h + head * hs, Int32(h))
            }
        }
    }

    /// `out += input·W`, W stored `[inputs, outputs]`, or `[outputs, inputs]` when `transposed`.
    private func gemm(_ input: UnsafeMutablePointer<Float>, _ w: [Float], into out: UnsafeMutablePointer<Float>,
                      rows: Int, inputs: Int, outputs: Int, transposed: Bool) {
        w.withUnsafeBufferPointer { wp in
            cblas_sgemm(CblasRowMajor, CblasNoTrans, transposed ? CblasTrans : CblasNoTrans, Int32(rows), Int32(outputs),
                        Int32(inputs), 1, input, Int32(inputs), wp.baseAddress!, Int32(transposed ? inputs : outputs),
                        1, out, Int32(outputs))
        }
    }

    /// Every row of `out` set to `bias`.
    private func fill(_ out: UnsafeMutablePointer<Float>, rows: Int, with bias: UnsafeBufferPointer<Float>) {
        for r in 0..<rows { (out + r * bias.count).update(from: bias.baseAddress!, count: bias.count) }
    }

    /// `out = x + bias` row by row (the residual the next `gemm` accumulates onto).
    private func residual(_ x: UnsafeMutablePointer<Float>, _ bias: [Float], into out: UnsafeMutablePointer<Float>, rows: Int) {
        let h = configuration.hidden
        bias.withUnsafeBufferPointer { b in
            let bp = b.baseAddress!
            for r in 0..<rows {
                let xr = x + r * h, o = out + r * h
                for j in 0..<h { o[j] = xr[j] + bp[j] }
            }
        }
    }

    /// The mean of `rows` token vectors, L2-normalised.
    private func pool(_ x: UnsafeMutablePointer<Float>, rows: Int) -> [Float] {
        let h = configuration.hidden
        var v = [Float](repeating: 0, count: h)
        v.withUnsafeMutableBufferPointer { out in
            let o = out.baseAddress!
            for t in 0..<rows { let row = x + t * h; for j in 0..<h { o[j] += row[j] } }
            var norm: Float = 0
            for j in 0..<h { norm += o[j] * o[j] }
            let inv: Float = norm > 0 ? 1 / norm.squareRoot() : 0
            for j in 0..<h { o[j] *= inv }
        }
        return v
    }

    private func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, _ gain: [Float], _ bias: [Float]) {
        gain.withUnsafeBufferPointer { g in
            bias.withUnsafeBufferPointer { b in
                FastMath.layerNorm(x, rows: rows, n: configuration.hidden, gain: g.baseAddress!, bias: b.baseAddress!,
                                   epsilon: configuration.layerNormEpsilon)
            }
        }
    }
}

/// Scratch buffers for one `encode` call, allocated together and freed together.
private struct Arena {
    private var buffers: [UnsafeMutablePointer<Float>]

    init(sizes: [Int]) {
        buffers = sizes.map { n in
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(n, 1))
            p.initialize(repeating: 0, count: max(n, 1))
            return p
        }
    }

    subscript(i: Int) -> UnsafeMutablePointer<Float> { buffers[i] }
    func free() { buffers.forEach { $0.deallocate() } }
}
