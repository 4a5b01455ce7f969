import GroundedCore

/// What a question asks for: its content terms (interrogative phrases such as "how long" or
/// "what should I do" removed) and the kind of answer it expects.
public struct QuestionAnalysis: Sendable, Hashable {
    /// The kind of fact a question asks for, recognised from its interrogative words.
    public enum ExpectedAnswer: String, Sendable, Hashable, Codable {
        /// "when", "how long", "how soon": a duration or a time.
        case time
        /// "how much", "cost", "price", "fee": an amount of money.
        case money
        /// "how many": a count.
        case count
        case unspecified
    }

    public let terms: [String]
    public let expected: ExpectedAnswer

    static let interrogativePhrases = [
        "how long", "how much", "how many", "how soon", "how quickly", "how often", "what should i do",
        "what can i do", "what do i do", "what happens", "is it possible", "are you able",
    ]

    public init(_ question: String, analyzer: TextAnalyzer = TextAnalyzer()) {
        let lower = " " + question.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }.map(String.init).joined() + " "
        var stripped = lower
        for p in Self.interrogativePhrases { stripped = stripped.replacingOccurrences(of: " \(p) ", with: " ") }
        let words = Set(lower.split(separator: " ").map(String.init))
        if lower.contains(" how much ") || !words.isDisjoint(with: Self.moneyWords) {
            expected = .money
            // "What is the fee" asks for an amount as "how much" does: the amount answers it, so
            // the word itself need not appear in the answer.
            let moneyTerms = Set(Self.moneyWords.flatMap { analyzer.terms($0) })
            terms = Array(Set(analyzer.terms(stripped)).subtracting(moneyTerms))
            return
        }
        terms = Array(Set(analyzer.terms(stripped)))
        if lower.contains(" how long ") || lower.contains(" how soon ") || lower.contains(" how quickly ") || words.contains("when") {
            expected = .time
        } else if lower.contains(" how many ") {
            expected = .count
        } else {
            expected = .unspecified
        }
    }

    static let moneyWords: Set<String> = ["cost", "costs", "price", "prices", "priced", "fee", "fees", "charge", "charged", "expensive"]

    static let timeUnits: Set<String> = ["second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week",
                                         "weeks", "month", "months", "year", "years", "am", "pm", "noon", "midnight"]
    static let numberWords: Set<String> = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                           "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred"]

    /// Whether `sentence` contains the kind of fact the question expects.
    public func sentenceHasExpectedAnswer(_ sentence: String) -> Bool {
        let words = sentence.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "$") }.map(String.init)
        func isNumber(_ w: String) -> Bool { w.first?.isNumber == true || Self.numberWords.contains(w) }
        switch expected {
        case .unspecified: return false
        case .money: return sentence.contains("$") || words.contains("free")
        case .count: return words.contains(where: isNumber)
        case .time:
            for (i, w) in words.enumerated() where isNumber(w) {
                if words[(i + 1)..<min(i + 4, words.count)].contains(where: { Self.timeUnits.contains($0) }) { return true }
            }
            return words.contains("immediately") || words.contains("away") && words.contains("right")
        }
    }
}
