import Foundation

/// Confidence calibration of a classifier's logits on held-out examples: temperature scaling
/// (Guo et al., 2017) and the out-of-scope threshold.
enum Calibration {
    /// `logits` replaced by softmax(logits / temperature).
    static func calibrate(_ logits: inout [Float], temperature: Float) {
        let count = logits.count
        logits.withUnsafeMutableBufferPointer { b in
            for c in 0..<count { b[c] /= temperature }
            softmax(b.baseAddress!, count: count)
        }
    }

    /// The temperature in [0.05, 20] that minimises the negative log-likelihood of `labels`
    /// (golden-section search on log T); 1 when there is nothing to fit on.
    static func fitTemperature(logits: [[Float]], labels: [Int]) -> Float {
        guard !logits.isEmpty else { return 1 }
        func loss(_ logT: Double) -> Double {
            let t = Float(exp(logT))
            var total = 0.0
            for (row, label) in zip(logits, labels) {
                var p = row
                calibrate(&p, temperature: t)
                total -= Double(log(max(p[label], 1e-12)))
            }
            return total
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

    /// The confidence threshold for the held-out examples, or nil when they hold no out-of-scope
    /// example (or no in-scope one).
    ///
    /// With `maxInScopeRejection`, the highest threshold that rejects at most that share of the
    /// in-scope examples (the most out-of-scope recall within the budget); without it, the one that
    /// maximises the mean of in-scope accuracy (correct and accepted) and out-of-scope recall.
    static func pickThreshold(
        logits: [[Float]], labels: [Int], temperature: Float, outOfScopeClass: Int?,
        maxInScopeRejection: Double? = nil
    ) -> Float? {
        guard let oos = outOfScopeClass else { return nil }
        struct Item {
            let confidence: Float
            let correct: Bool
            let inScope: Bool
            let oosWins: Bool
        }
        let items = zip(logits, labels).map { row, label -> Item in
            var p = row
            calibrate(&p, temperature: temperature)
            let top = p.indices.max { p[$0] < p[$1] || (p[$0] == p[$1] && $0 > $1) }!
            return Item(confidence: p[top], correct: top == label, inScope: label != oos, oosWins: top == oos)
        }
        let inScope = items.filter(\.inScope).count
        let outOfScope = items.count - inScope
        guard inScope > 0, outOfScope > 0 else { return nil }
        let candidates = [0] + Set(items.map(\.confidence)).sorted().map { $0.nextUp }
        if let budget = maxInScopeRejection {
            let allowed = Int((budget * Double(inScope)).rounded(.down))
            let alwaysRejected = items.filter { $0.inScope && $0.oosWins }.count
            // In-scope confidences, ascending: a threshold just above the k-th rejects k of them.
            let confidences = items.filter { $0.inScope && !$0.oosWins }.map(\.confidence).sorted()
            let k = max(0, min(confidences.count, allowed - alwaysRejected))
            return k == 0 ? 0 : confidences[k - 1].nextUp
        }
        var best: (score: Double, threshold: Float) = (-1, 0)
        for t in candidates {
            var accepted = 0
            var rejected = 0
            for item in items {
                let rejects = item.oosWins || item.confidence < t
                if item.inScope { if item.correct && !rejects { accepted += 1 } } else if rejects { rejected += 1 }
            }
            let score = (Double(accepted) / Double(inScope) + Double(rejected) / Double(outOfScope)) / 2
            if score > best.score + 1e-12 { best = (score, t) }
        }
        return best.threshold
    }
}
