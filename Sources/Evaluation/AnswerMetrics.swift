/// Answer quality accumulated over questions (percentages once `percentages` is taken): SQuAD
/// token F1 and exact match against the gold span (a decline scores 0), how often a cited span
/// overlaps the gold span, and how often the engine answered at all.
public struct AnswerMetrics: Sendable, Codable, Hashable {
    public var questions = 0
    public var tokenF1 = 0.0
    public var exactMatch = 0.0
    public var citationOverlapsGold = 0.0
    public var answered = 0.0

    public init() {}

    public mutating func add(f1: Double, exact: Double, citationOverlaps: Bool, answered: Bool) {
        questions += 1
        tokenF1 += f1
        exactMatch += exact
        citationOverlapsGold += citationOverlaps ? 1 : 0
        self.answered += answered ? 1 : 0
    }

    public var percentages: AnswerMetrics {
        guard questions > 0 else { return self }
        var m = self
        let f = 100 / Double(questions)
        m.tokenF1 *= f
        m.exactMatch *= f
        m.citationOverlapsGold *= f
        m.answered *= f
        return m
    }
}
