/// Scores of a classifier's predictions against gold labels.
public struct ClassificationMetrics: Sendable, Codable, Equatable {
    /// Share of predictions equal to the gold label, in percent.
    public let accuracy: Double
    /// Mean over gold classes of each class's F1, in percent (a class never predicted and never
    /// gold does not count).
    public let macroF1: Double
    /// Expected calibration error of the top-class confidence over 15 equal-width bins, in
    /// percent; nil without confidences.
    public let calibrationError: Double?
    public let count: Int

    /// - Parameters:
    ///   - confidences: the confidence of each prediction, for the calibration error.
    public init(gold: [String], predicted: [String], confidences: [Float]? = nil) {
        precondition(gold.count == predicted.count, "\(gold.count) gold labels for \(predicted.count) predictions")
        count = gold.count
        let correct = zip(gold, predicted).filter { $0 == $1 }.count
        accuracy = gold.isEmpty ? 0 : 100 * Double(correct) / Double(gold.count)
        var truePositives: [String: Int] = [:]
        var goldCount: [String: Int] = [:]
        var predictedCount: [String: Int] = [:]
        for (g, p) in zip(gold, predicted) {
            goldCount[g, default: 0] += 1
            predictedCount[p, default: 0] += 1
            if g == p { truePositives[g, default: 0] += 1 }
        }
        let classes = Set(goldCount.keys).union(predictedCount.keys)
        let f1s = classes.map { c -> Double in
            let tp = Double(truePositives[c] ?? 0)
            let denominator = Double((goldCount[c] ?? 0) + (predictedCount[c] ?? 0))
            return denominator == 0 ? 0 : 2 * tp / denominator
        }
        macroF1 = f1s.isEmpty ? 0 : 100 * f1s.reduce(0, +) / Double(f1s.count)
        calibrationError = confidences.map {
            Self.expectedCalibrationError(confidences: $0, correct: zip(gold, predicted).map { $0 == $1 })
        }
    }

    /// Σ over bins of |bin| / n × |accuracy(bin) − mean confidence(bin)|, in percent.
    static func expectedCalibrationError(confidences: [Float], correct: [Bool], bins: Int = 15) -> Double {
        guard !confidences.isEmpty else { return 0 }
        var count = [Int](repeating: 0, count: bins)
        var hits = [Int](repeating: 0, count: bins)
        var confidenceSum = [Double](repeating: 0, count: bins)
        for (c, ok) in zip(confidences, correct) {
            let bin = min(bins - 1, max(0, Int(Double(c) * Double(bins))))
            count[bin] += 1
            confidenceSum[bin] += Double(c)
            if ok { hits[bin] += 1 }
        }
        var total = 0.0
        for b in 0..<bins where count[b] > 0 {
            total += Double(count[b]) * abs(Double(hits[b]) / Double(count[b]) - confidenceSum[b] / Double(count[b]))
        }
        return 100 * total / Double(confidences.count)
    }
}
