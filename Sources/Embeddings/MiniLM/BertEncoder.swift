import CKernels
import Foundation

/// A BERT encoder with mean pooling: token ids in, one L2-normalised vector per sequence out.
///
/// Sequences of a batch are packed end to end, never padded: the linear layers run as one matrix
/// product over every token of the batch, attention runs per sequence. Biases and residuals are
/// written into the output first and the product accumulates onto them.
/// Thread safety: immutable; `encode` may run on several threads at once (each call has its own
/// buffers).
struct BertEncoder: Sendable {
    let configuration: BertConfiguration
    let weights: BertWeights

    /// Pooled, normalised embeddings of `sequences` (each already `[CLS] … [SEP]`, at most
    /// `maxPositions` long and non-empty). `threads` > 1 splits the linear layers of a short batch
    /// (a query) between threads; long batches run on the calling thread. `workspace` holds the
    /// buffers; one reused across the batches of a thread saves allocating (and faulting in)
    /// fresh pages for every batch.
    func encode(_ sequences: [[Int32]], threads: Int = 1, workspace: EncoderWorkspace = EncoderWorkspace()) -> [[Float]]
    {
        let c = configuration
        let h = c.hidden
        let f = c.intermediate
        let lengths = sequences.map(\.count)
        let offsets = lengths.reduce(into: [0]) { $0.append($0.last! + $1) }
        let total = offsets.last!
        guard total > 0 else { return [] }
        let maxLength = lengths.max() ?? 0

        let scratchFloats = gk_attention_scratch_bytes(maxLength, c.headSize) / MemoryLayout<Float>.stride
        let arena = workspace.reserve([total * h, total * 3 * h, total * h, total * h, total * f, scratchFloats])
        var x = arena[0]
        var tmp = arena[3]
        let qkv = arena[1]
        let context = arena[2]
        let up = arena[4]
        let scratch = arena[5]
        let codes = weights.multipliesInInt8 ? workspace.int8Scratch(rows: total, width: max(h, f)) : nil

        embed(sequences, offsets: offsets, into: x)
        for layer in weights.layers {
            layer.qkvBias.withUnsafeBufferPointer { fill(qkv, rows: total, with: $0) }
            layer.qkv.apply(x, rows: total, into: qkv, threads: threads, scratch: codes)
            attention(qkv, into: context, scratch: scratch, lengths: lengths, offsets: offsets)
            residual(x, layer.attentionOutBias, into: tmp, rows: total)
            layer.attentionOut.apply(context, rows: total, into: tmp, threads: threads, scratch: codes)
            layerNorm(tmp, rows: total, layer.attentionNormGain, layer.attentionNormBias)
            swap(&x, &tmp)
            layer.upBias.withUnsafeBufferPointer { fill(up, rows: total, with: $0) }
            layer.up.apply(x, rows: total, into: up, threads: threads, scratch: codes)
            gk_gelu(up, total * f)
            residual(x, layer.downBias, into: tmp, rows: total)
            layer.down.apply(up, rows: total, into: tmp, threads: threads, scratch: codes)
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
                            let wr = w.baseAddress! + Int(id) * h
                            let pr = p.baseAddress! + pos * h
                            let tr = t.baseAddress!
                            for j in 0..<h { row[j] = wr[j] + pr[j] + tr[j] }
                        }
                    }
                }
            }
        }
        layerNorm(x, rows: offsets.last!, weights.embeddingNormGain, weights.embeddingNormBias)
    }

    /// Scaled dot-product attention of every head of every sequence; writes `context`.
    private func attention(
        _ qkv: UnsafeMutablePointer<Float>, into context: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>, lengths: [Int], offsets: [Int]
    ) {
        let h = configuration.hidden
        for s in lengths.indices {
            gk_attention(
                qkv + offsets[s] * 3 * h, 3 * h, lengths[s], configuration.heads, configuration.headSize,
                context + offsets[s] * h, h, scratch)
        }
    }

    /// Every row of `out` set to `bias`.
    private func fill(_ out: UnsafeMutablePointer<Float>, rows: Int, with bias: UnsafeBufferPointer<Float>) {
        for r in 0..<rows { (out + r * bias.count).update(from: bias.baseAddress!, count: bias.count) }
    }

    /// `out = x + bias` row by row (the residual the next `gemm` accumulates onto).
    private func residual(
        _ x: UnsafeMutablePointer<Float>, _ bias: [Float], into out: UnsafeMutablePointer<Float>, rows: Int
    ) {
        let h = configuration.hidden
        bias.withUnsafeBufferPointer { b in
            let bp = b.baseAddress!
            for r in 0..<rows {
                let xr = x + r * h
                let o = out + r * h
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
            for t in 0..<rows {
                let row = x + t * h
                for j in 0..<h { o[j] += row[j] }
            }
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
                gk_layer_norm(
                    x, rows, configuration.hidden, g.baseAddress!, b.baseAddress!, configuration.layerNormEpsilon)
            }
        }
    }
}

/// The scratch buffers of `BertEncoder.encode`, 64-byte aligned (the attention kernel's aligned
/// loads), kept between calls and grown when a batch needs more.
///
/// Thread safety: none; one workspace per thread.
final class EncoderWorkspace {
    private var buffers: [UnsafeMutablePointer<Float>] = []
    private var capacities: [Int] = []
    private var bytes: UnsafeMutableRawPointer?
    private var byteCapacity = 0

    /// Buffers of at least `sizes` floats each, valid until the next `reserve` or the
    /// workspace's end. Their contents are whatever the last call left.
    func reserve(_ sizes: [Int]) -> [UnsafeMutablePointer<Float>] {
        for (i, n) in sizes.enumerated() {
            let needed = max(n, 1)
            if i == buffers.count {
                buffers.append(Self.allocate(needed))
                capacities.append(needed)
            } else if capacities[i] < needed {
                buffers[i].deallocate()
                buffers[i] = Self.allocate(needed)
                capacities[i] = needed
            }
        }
        return Array(buffers.prefix(sizes.count))
    }

    /// Room for int8 layers' quantized inputs: `rows` rows of up to `width` codes, valid until the
    /// next call or the workspace's end.
    func int8Scratch(rows: Int, width: Int) -> Int8Scratch {
        let needed = max(Int8Scratch.bytes(rows: rows, width: width), 64)
        if byteCapacity < needed {
            bytes?.deallocate()
            bytes = UnsafeMutableRawPointer.allocate(byteCount: needed, alignment: 64)
            byteCapacity = needed
        }
        return Int8Scratch(base: bytes!, rows: rows, width: width)
    }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
            .initializeMemory(as: Float.self, repeating: 0, count: count)
    }

    deinit {
        buffers.forEach { $0.deallocate() }
        bytes?.deallocate()
    }
}
