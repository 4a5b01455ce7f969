/// The area under the ROC curve of a score that should rank positives above negatives.
public enum ROC {
    /// P(a positive scores above a negative), ties counting half (the Mann–Whitney statistic), in
    /// [0, 1]; nil when either side is empty.
    public static func auc(positives: [Double], negatives: [Double]) -> Double? {
        guard !positives.isEmpty, !negatives.isEmpty else { return nil }
        let sorted = negatives.sorted()
        var total = 0.0
        for p in positives {
            // Negatives below p, and equal to p.
            let below = lowerBound(sorted, p)
            let upTo = upperBound(sorted, p)
            total += Double(below) + 0.5 * Double(upTo - below)
        }
        return total / (Double(positives.count) * Double(negatives.count))
    }

    private static func lowerBound(_ a: [Double], _ x: Double) -> Int {
        var lo = 0
        var hi = a.count
        while lo < hi {
            let m = (lo + hi) / 2
            if a[m] < x { lo = m + 1 } else { hi = m }
        }
        return lo
    }

    private static func upperBound(_ a: [Double], _ x: Double) -> Int {
        var lo = 0
        var hi = a.count
        while lo < hi {
            let m = (lo + hi) / 2
            if a[m] <= x { lo = m + 1 } else { hi = m }
        }
        return lo
    }
}
