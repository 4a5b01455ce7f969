import Foundation

/// Confidence calibration of a classifier's logits on held-out examples: temperature scaling
/// (Guo et al., 2017).
enum Calibration {
    /// `logits` replaced by softmax(logits / temperature).
    static func calibrate(_ logits: inout [Float], temperature: Float) {
        let count = logits.count
        logits.withUnsafeMutableBufferPointer { b in
            for c in 0..<count { b[c] /= temperature }
            softmax(b.baseAddress!, count: count)
        }
    }

    /// The summed negative log-likelihood of `labels` under softmax(logits / temperature).
    static func negativeLogLikelihood(logits: [[Float]], labels: [Int], temperature: Float) -> Double {
        var total = 0.0
        for (row, label) in zip(logits, labels) {
            var p = row
            calibrate(&p, temperature: temperature)
            total -= Double(log(max(p[label], 1e-12)))
        }
        return total
    }

    /// The temperature in [0.05, 20] that minimises the negative log-likelihood of `labels`
    /// (golden-section search on log T); 1 when there is nothing to fit on.
    static func fitTemperature(logits: [[Float]], labels: [Int]) -> Float {
        guard !logits.isEmpty else { return 1 }
        func loss(_ logT: Double) -> Double {
            negativeLogLikelihood(logits: logits, labels: labels, temperature: Float(exp(logT)))
        }
        var lo = log(0.05)
        var hi = log(20.0)
        let ratio = (5.0.squareRoot() - 1) / 2
        var a = hi - ratio * (hi - lo)
        var b = lo + ratio * (hi - lo)
        var fa = loss(a)
        var fb = loss(b)
        for _ in 0..<40 {
            if fa < fb {
                hi = b
                b = a
                fb = fa
                a = hi - ratio * (hi - lo)
                fa = loss(a)
            } else {
                lo = a
                a = b
                fa = fb
                b = lo + ratio * (hi - lo)
                fb = loss(b)
            }
        }
        return Float(exp((lo + hi) / 2))
    }
}
