/// The trade an out-of-scope score offers: for every threshold, in-scope accuracy (right intent
/// and accepted) against out-of-scope recall, and the area under that curve.
public enum RejectionCurve {
    /// The area under in-scope accuracy (y) against out-of-scope recall (x, from 0 to 1) as the
    /// threshold on `score` (higher = more out of scope) sweeps from rejecting nothing to rejecting
    /// everything, in [0, 1]; messages with equal scores are rejected together (trapezoids between
    /// the points). 1 would be a score that catches every out-of-scope message before any
    /// correctly classified in-scope one. Nil when either side is empty.
    /// - Parameters:
    ///   - inScope: each in-scope message's score and whether its best intent is right.
    ///   - outOfScope: each out-of-scope message's score.
    public static func area(inScope: [(score: Double, correct: Bool)], outOfScope: [Double]) -> Double? {
        guard !inScope.isEmpty, !outOfScope.isEmpty else { return nil }
        enum Kind { case correct, wrong, outside }
        let items =
            (inScope.map { ($0.score, $0.correct ? Kind.correct : .wrong) } + outOfScope.map { ($0, Kind.outside) })
            .sorted { $0.0 > $1.0 }
        var accepted = Double(inScope.filter(\.correct).count)
        var caught = 0.0
        var previous = (x: 0.0, y: accepted / Double(inScope.count))
        var total = 0.0
        var i = 0
        while i < items.count {
            // Everything at this score is rejected at once.
            let score = items[i].0
            while i < items.count, items[i].0 == score {
                switch items[i].1 {
                case .correct: accepted -= 1
                case .wrong: break
                case .outside: caught += 1
                }
                i += 1
            }
            let point = (x: caught / Double(outOfScope.count), y: accepted / Double(inScope.count))
            total += (point.x - previous.x) * (point.y + previous.y) / 2
            previous = point
        }
        return total
    }
}
