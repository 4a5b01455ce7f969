import CBLAS
import Foundation

/// A BERT encoder with mean pooling: token ids in, one L2-normalised vector per sequence out.
///
/// Sequences of a batch are packed end to end, never padded: the linear layers run as one
/// `sgemm` over every token of the batch, attention runs per sequence. Thread safety: immutable;
/// `encode` may run on several threads at once (each call has its own buffers).
struct BertEncoder: Sendable {
    let configuration: BertConfiguration
    let weights: BertWeights

    /// Pooled, normalised embeddings of `sequences` (each already `[CLS] … [SEP]`, at most
    /// `maxPositions` long and non-empty).
    func encode(_ sequences: [[Int32]]) -> [[Float]] {
        let c = configuration, h = c.hidden, f = c.intermediate, hs = c.headSize
        let lengths = sequences.map(\.count)
        let offsets = lengths.reduce(into: [0]) { $0.append($0.last! + $1) }
        let total = offsets.last!
        guard total > 0 else { return [] }

        var x = [Float](repeating: 0, count: total * h)
        var qkv = [Float](repeating: 0, count: total * 3 * h)
        var context = [Float](repeating: 0, count: total * h)
        var tmp = [Float](repeating: 0, count: total * h)
        var up = [Float](repeating: 0, count: total * f)
        let maxLength = lengths.max() ?? 0
        var scores = [Float](repeating: 0, count: maxLength * maxLength)

        // Embeddings: word + position + token type 0, then LayerNorm.
        x.withUnsafeMutableBufferPointer { xp in
            weights.words.withUnsafeBufferPointer { w in
                weights.positions.withUnsafeBufferPointer { p in
                    weights.types.withUnsafeBufferPointer { t in
                        for (s, ids) in sequences.enumerated() {
                            for (pos, id) in ids.enumerated() {
                                let row = xp.baseAddress! + (offsets[s] + pos) * h
                                let wr = w.baseAddress! + Int(id) * h, pr = p.baseAddress! + pos * h
                                for j in 0..<h { row[j] = wr[j] + pr[j] + t[j] }
                            }
                        }
                    }
                }
            }
            layerNorm(xp.baseAddress!, rows: total, weights.embeddingNormGain, weights.embeddingNormBias)
        }

        let scale = 1 / Float(hs).squareRoot()
        for layer in weights.layers {
            // q, k, v = x·Wᵀ + b for every token at once.
            linear(x, layer.qkv, layer.qkvBias, rows: total, inputs: h, outputs: 3 * h, into: &qkv, residual: nil)
            // Attention, per sequence and head.
            qkv.withUnsafeBufferPointer { q in
                context.withUnsafeMutableBufferPointer { ctx in
                    scores.withUnsafeMutableBufferPointer { sc in
                        for s in sequences.indices {
                            let l = lengths[s], base = q.baseAddress! + offsets[s] * 3 * h
                            for head in 0..<c.heads {
                                let qh = base + head * hs, kh = base + h + head * hs, vh = base + 2 * h + head * hs
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(l), Int32(l), Int32(hs),
                                            scale, qh, Int32(3 * h), kh, Int32(3 * h), 0, sc.baseAddress!, Int32(l))
                                FastMath.softmax(sc.baseAddress!, rows: l, n: l)
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(l), Int32(hs), Int32(l),
                                            1, sc.baseAddress!, Int32(l), vh, Int32(3 * h), 0,
                                            ctx.baseAddress! + offsets[s] * h + head * hs, Int32(h))
                            }
                        }
                    }
                }
            }
            // x = LayerNorm(x + context·Woᵀ + b)
            linear(context, layer.attentionOut, layer.attentionOutBias, rows: total, inputs: h, outputs: h, into: &tmp, residual: x)
            tmp.withUnsafeMutableBufferPointer { layerNorm($0.baseAddress!, rows: total, layer.attentionNormGain, layer.attentionNormBias) }
            swap(&x, &tmp)
            // x = LayerNorm(x + GELU(x·W1ᵀ + b1)·W2ᵀ + b2)
            linear(x, layer.up, layer.upBias, rows: total, inputs: h, outputs: f, into: &up, residual: nil)
            up.withUnsafeMutableBufferPointer { FastMath.gelu($0.baseAddress!, $0.count) }
            linear(up, layer.down, layer.downBias, rows: total, inputs: f, outputs: h, into: &tmp, residual: x)
            tmp.withUnsafeMutableBufferPointer { layerNorm($0.baseAddress!, rows: total, layer.outputNormGain, layer.outputNormBias) }
            swap(&x, &tmp)
        }

        // Mean pooling over each sequence's tokens, then L2 normalisation.
        return sequences.indices.map { s in
            var v = [Float](repeating: 0, count: h)
            for t in offsets[s]..<offsets[s + 1] { for j in 0..<h { v[j] += x[t * h + j] } }
            var norm: Float = 0
            for j in 0..<h { v[j] /= Float(lengths[s]); norm += v[j] * v[j] }
            let inv = norm > 0 ? 1 / norm.squareRoot() : 0
            return v.map { $0 * inv }
        }
    }

    /// `out = input·Wᵀ + bias (+ residual)`, with `W` stored `[outputs, inputs]`.
    private func linear(_ input: [Float], _ w: [Float], _ bias: [Float], rows: Int, inputs: Int, outputs: Int,
                        into out: inout [Float], residual: [Float]?) {
        out.withUnsafeMutableBufferPointer { o in
            let op = o.baseAddress!
            if let residual {
                residual.withUnsafeBufferPointer { r in
                    for i in 0..<rows { for j in 0..<outputs { op[i * outputs + j] = r[i * outputs + j] + bias[j] } }
                }
            } else {
                bias.withUnsafeBufferPointer { b in
                    for i in 0..<rows { (op + i * outputs).update(from: b.baseAddress!, count: outputs) }
                }
            }
            input.withUnsafeBufferPointer { a in
                w.withUnsafeBufferPointer { wp in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(inputs),
                                1, a.baseAddress!, Int32(inputs), wp.baseAddress!, Int32(inputs), 1, op, Int32(outputs))
                }
            }
        }
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
