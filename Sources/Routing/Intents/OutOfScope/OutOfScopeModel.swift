/// The out-of-scope decision: a message is out of scope when the explicit out-of-scope class is the
/// most probable, or when a logistic regression over its `OutOfScopeSignals` scores it above a
/// threshold. The regression is fitted on the out-of-fold signals of the training examples (each
/// scored by a classifier that did not see it), and the threshold chosen on the same out-of-fold
/// scores — never on data it is then measured on.
///
/// Thread safety: an immutable value.
public struct OutOfScopeModel: Sendable, Hashable, Codable {
    /// The signals read, in the order of `weights`.
    public let signals: [OutOfScopeSignal]
    /// Each signal is standardised (minus its out-of-fold mean, over its standard deviation).
    let means: [Float]
    let scales: [Float]
    /// Weight of each standardised signal; positive pushes towards "out of scope".
    public let weights: [Float]
    public let bias: Float
    /// A message scoring above this is out of scope.
    public let threshold: Float
    /// Share of the in-scope training examples the threshold rejected, out of fold.
    public let inScopeRejected: Double
    /// Share of the out-of-scope training examples it rejected, out of fold.
    public let outOfScopeRecall: Double

    /// The log-odds that a message with these signals is out of scope.
    public func score(_ s: OutOfScopeSignals) -> Float {
        zip(standardized(s), weights).reduce(bias) { $0 + $1.0 * $1.1 }
    }

    /// The signal that pushed hardest towards "out of scope" (the largest weight × standardised
    /// value).
    public func decidingSignal(_ s: OutOfScopeSignals) -> OutOfScopeSignal {
        let contributions = zip(standardized(s), weights).map { $0 * $1 }
        let best = contributions.indices.max { contributions[$0] < contributions[$1] } ?? 0
        return signals[best]
    }

    private func standardized(_ s: OutOfScopeSignals) -> [Float] {
        s.features(signals).enumerated().map { ($1 - means[$0]) / scales[$0] }
    }

    /// Fits the model and picks the threshold.
    /// - Parameters:
    ///   - examples: out-of-fold signals of the training examples.
    ///   - outOfScope: whether each example is an out-of-scope one.
    ///   - correct: whether the classifier's best in-scope intent was right (in-scope examples).
    ///   - classWins: whether the out-of-scope class was the most probable (rejected whatever the
    ///     score); none by default.
    ///   - maxInScopeRejection: the rejections (the class's and the threshold's) take at most this
    ///     share of in-scope examples; nil maximises the mean of in-scope accuracy and
    ///     out-of-scope recall instead.
    /// - Returns: nil when the examples hold no out-of-scope or no in-scope example.
    static func fit(
        _ examples: [OutOfScopeSignals], outOfScope: [Bool], correct: [Bool], classWins: [Bool]? = nil,
        maxInScopeRejection: Double?
    ) -> OutOfScopeModel? {
        let classWins = classWins ?? outOfScope.map { _ in false }
        let positives = outOfScope.filter { $0 }.count
        guard let first = examples.first, positives > 0, positives < examples.count else { return nil }
        let kinds = first.available
        let raw = examples.map { $0.features(kinds) }
        let k = kinds.count
        var means = [Float](repeating: 0, count: k)
        var scales = [Float](repeating: 1, count: k)
        for j in 0..<k {
            let column = raw.map { Double($0[j]) }
            let mean = column.reduce(0, +) / Double(column.count)
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count)
            means[j] = Float(mean)
            scales[j] = Float(max(variance.squareRoot(), 1e-6))
        }
        let x = raw.map { row in (0..<k).map { Double((row[$0] - means[$0]) / scales[$0]) } }
        let beta = LogisticFit.fit(x, labels: outOfScope, ridge: 1)
        var model = OutOfScopeModel(
            signals: kinds, means: means, scales: scales, weights: beta.dropLast().map(Float.init),
            bias: Float(beta[k]), threshold: 0, inScopeRejected: 0, outOfScopeRecall: 0)
        // Scored exactly as `score` will score messages, so the budget holds to the example.
        let scores = examples.map(model.score)
        let threshold = Self.threshold(
            scores: scores, outOfScope: outOfScope, correct: correct, classWins: classWins,
            maxInScopeRejection: maxInScopeRejection)
        let rejected = scores.indices.map { classWins[$0] || scores[$0] > threshold }
        let inScope = Double(examples.count - positives)
        model = OutOfScopeModel(
            signals: kinds, means: means, scales: scales, weights: model.weights, bias: model.bias,
            threshold: threshold,
            inScopeRejected: Double(rejected.indices.filter { rejected[$0] && !outOfScope[$0] }.count) / inScope,
            outOfScopeRecall: Double(rejected.indices.filter { rejected[$0] && outOfScope[$0] }.count)
                / Double(positives))
        return model
    }

    /// The score threshold (reject above it; examples the class already rejects aside): the lowest
    /// that keeps in-scope rejections within the budget, or the one that maximises (in-scope
    /// accuracy + out-of-scope recall) / 2.
    static func threshold(
        scores: [Float], outOfScope: [Bool], correct: [Bool], classWins: [Bool]? = nil, maxInScopeRejection: Double?
    ) -> Float {
        let classWins = classWins ?? scores.map { _ in false }
        let inScope = scores.indices.filter { !outOfScope[$0] }
        if let budget = maxInScopeRejection {
            let descending = inScope.filter { !classWins[$0] }.map { scores[$0] }.sorted(by: >)
            guard let top = descending.first else { return 0 }
            let already = inScope.filter { classWins[$0] }.count
            let allowed = Int((budget * Double(inScope.count)).rounded(.down)) - already
            return allowed <= 0 ? top : descending[min(allowed, descending.count - 1)]
        }
        // Sweep thresholds from the top: each step rejects one more example.
        let order = scores.indices.filter { !classWins[$0] }.sorted { scores[$0] > scores[$1] }
        guard !order.isEmpty else { return 0 }
        let positives = Double(outOfScope.filter { $0 }.count)
        var accepted = Double(inScope.filter { correct[$0] && !classWins[$0] }.count)
        var caught = Double(scores.indices.filter { outOfScope[$0] && classWins[$0] }.count)
        var best = (value: (accepted / Double(inScope.count)) / 2, threshold: scores[order[0]])
        for (n, i) in order.enumerated() {
            if outOfScope[i] { caught += 1 } else if correct[i] { accepted -= 1 }
            // Only between distinct scores can a threshold separate them.
            guard n + 1 == order.count || scores[order[n + 1]] < scores[i] else { continue }
            let value = (accepted / Double(inScope.count) + caught / positives) / 2
            if value > best.value + 1e-12 {
                best = (value, n + 1 == order.count ? scores[i] - 1 : scores[order[n + 1]])
            }
        }
        return best.threshold
    }
}
