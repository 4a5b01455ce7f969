import CKernels
import Foundation
import GroundedCore

/// Multinomial logistic regression over sparse features: one weight row of `classCount` floats
/// per feature (so a feature's weights are contiguous), plus a bias per class.
///
/// Trained by per-example AdaGrad on the cross-entropy loss with a small L2 penalty on the rows an
/// example touches; example order comes from a seeded shuffle, so training is reproducible. The
/// per-row arithmetic runs in the C kernels (`gk_adagrad_step`, `gk_scaled_add`: AVX-512 or AVX2
/// where the CPU has them), which round as the scalar loops did, so a model is the same on every
/// kernel level.
/// Thread safety: an immutable value once trained; `logits` may run on many threads.
struct SoftmaxRegression: Sendable, Equatable {
    let featureCount: Int
    let classCount: Int
    /// `featureCount × classCount`, row-major.
    let weights: [Float]
    let bias: [Float]

    /// Training settings; defaults measured on banking77 and CLINC150 validation splits held out
    /// of their training data (`grounded-lab eval intents`).
    struct Training: Sendable, Hashable, Codable {
        /// Passes over the examples.
        var epochs = 12
        /// AdaGrad's base step.
        var learningRate: Float = 0.5
        /// L2 penalty per example on the weights it touches.
        var l2: Float = 1e-6
        var seed: UInt64 = 7
    }

    /// Class scores before the softmax, written to `out` (`classCount` floats).
    func logits(_ x: SparseFeatures, into out: UnsafeMutablePointer<Float>) {
        weights.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                Self.logits(x, weights: w.baseAddress!, bias: b.baseAddress!, classes: classCount, into: out)
            }
        }
    }

    /// Class scores of `x` as an array.
    func logits(_ x: SparseFeatures) -> [Float] {
        [Float](unsafeUninitializedCapacity: classCount) { buffer, count in
            logits(x, into: buffer.baseAddress!)
            count = classCount
        }
    }

    private static func logits(
        _ x: SparseFeatures, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        classes: Int, into out: UnsafeMutablePointer<Float>
    ) {
        out.update(from: bias, count: classes)
        for k in 0..<x.count {
            gk_scaled_add(out, weights + Int(x.indices[k]) * classes, classes, x.values[k])
        }
    }

    /// Fits the model to `examples` with class `labels` (each in `0 ..< classCount`).
    static func train(
        _ examples: [SparseFeatures], labels: [Int], featureCount: Int, classCount: Int,
        training: Training
    ) -> SoftmaxRegression {
        precondition(examples.count == labels.count, "\(examples.count) examples for \(labels.count) labels")
        let classes = classCount
        var weights = [Float](repeating: 0, count: featureCount * classes)
        var bias = [Float](repeating: 0, count: classes)
        // AdaGrad's squared-gradient sums start at 0.1, as in TensorFlow's implementation, so the
        // first steps are not huge.
        var weightSums = [Float](repeating: 0.1, count: featureCount * classes)
        var biasSums = [Float](repeating: 0.1, count: classes)
        var gradient = [Float](repeating: 0, count: classes)
        var order = Array(examples.indices)
        var rng = SplitMix64(seed: training.seed)
        let rate = training.learningRate
        let l2 = training.l2

        weights.withUnsafeMutableBufferPointer { wb in
            weightSums.withUnsafeMutableBufferPointer { sb in
                bias.withUnsafeMutableBufferPointer { bb in
                    biasSums.withUnsafeMutableBufferPointer { bsb in
                        gradient.withUnsafeMutableBufferPointer { gb in
                            let w = wb.baseAddress!
                            let s = sb.baseAddress!
                            let b = bb.baseAddress!
                            let bs = bsb.baseAddress!
                            let g = gb.baseAddress!
                            for _ in 0..<training.epochs {
                                order.shuffle(using: &rng)
                                for i in order {
                                    let x = examples[i]
                                    logits(x, weights: w, bias: b, classes: classes, into: g)
                                    softmax(g, count: classes)
                                    g[labels[i]] -= 1
                                    for c in 0..<classes {
                                        bs[c] += g[c] * g[c]
                                        b[c] -= rate * g[c] / bs[c].squareRoot()
                                    }
                                    for k in 0..<x.count {
                                        let offset = Int(x.indices[k]) * classes
                                        gk_adagrad_step(w + offset, s + offset, g, classes, x.values[k], l2, rate)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return SoftmaxRegression(featureCount: featureCount, classCount: classes, weights: weights, bias: bias)
    }
}

/// `values` replaced by their softmax, in place (max-subtracted, so never overflows).
func softmax(_ values: UnsafeMutablePointer<Float>, count: Int) {
    var best = -Float.infinity
    for c in 0..<count { best = max(best, values[c]) }
    var total: Float = 0
    for c in 0..<count {
        values[c] = exp(values[c] - best)
        total += values[c]
    }
    let inv = 1 / total
    for c in 0..<count { values[c] *= inv }
}
