import Foundation
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
    /// The question asks for an amount of money outright ("how much does it cost", "what is the
    /// fee for"), not merely about prices ("will you warn me before the price goes up?"): an
    /// answer that names no amount does not answer it.
    public let asksForAmount: Bool

    static let interrogativePhrases = [
        "how long", "how much", "how many", "how soon", "how quickly", "how often", "what should i do",
        "what can i do", "what do i do", "what happens", "is it possible", "are you able",
    ]

    /// Words after "how much" that keep it a question about money ("how much is it", "how much
    /// for"); any other word makes it a quantity ("how much power", "how much zoom").
    static let moneyAfterHowMuch: Set<String> = [
        "is", "are", "was", "were", "does", "do", "did", "will", "would", "should", "can", "could", "for", "to",
        "it", "that", "this", "money", "extra", "more", "a", "an", "the", "i", "we", "you", "they", "s",
    ]

    public init(_ question: String, analyzer: TextAnalyzer = TextAnalyzer()) {
        let lower =
            " " + question.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }.map(String.init).joined() + " "
        var stripped = lower
        for p in Self.interrogativePhrases { stripped = stripped.replacingOccurrences(of: " \(p) ", with: " ") }
        let sequence = lower.split(separator: " ").map(String.init)
        let words = Set(sequence)
        let howMuch = lower.contains(" how much ")
        let afterHowMuch = sequence.indices
            .first { i in i + 2 < sequence.count && sequence[i] == "how" && sequence[i + 1] == "much" }
            .map { sequence[$0 + 2] }
        let asksTime =
            lower.contains(" how long ") || lower.contains(" how soon ") || lower.contains(" how quickly ")
            || words.contains("when")
        // "How long does it take to charge the camera" asks for a time: a time phrase outranks a
        // money word; "how much power" asks for a quantity.
        let quantity =
            howMuch
            && afterHowMuch.map { !Self.moneyAfterHowMuch.contains($0) && !Self.moneyWords.contains($0) } ?? false
        if !asksTime, !quantity, howMuch || !words.isDisjoint(with: Self.moneyWords) {
            expected = .money
            asksForAmount =
                howMuch || !words.isDisjoint(with: Self.amountWords) || lower.contains(" price of ")
                || lower.contains(" price for ")
            // "What is the fee" asks for an amount as "how much" does: the amount answers it, so
            // the word itself need not appear in the answer.
            let moneyTerms = Set(Self.moneyWords.flatMap { analyzer.terms($0) })
            terms = Array(Set(analyzer.terms(stripped)).subtracting(moneyTerms))
            return
        }
        asksForAmount = false
        terms = Array(Set(analyzer.terms(stripped)))
        if asksTime {
            expected = .time
        } else if lower.contains(" how many ") || quantity {
            expected = .count
        } else {
            expected = .unspecified
        }
    }

    static let moneyWords: Set<String> = [
        "cost", "costs", "price", "prices", "priced", "fee", "fees", "charge", "charged", "expensive",
    ]
    /// Money words that ask for an amount by themselves ("what does it cost", "is there a fee").
    static let amountWords: Set<String> = ["cost", "costs", "fee", "fees", "expensive"]

    static let timeUnits: Set<String> = [
        "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week",
        "weeks", "month", "months", "year", "years", "am", "pm", "noon", "midnight",
    ]
    static let numberWords: Set<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred",
    ]

    /// Whether `sentence` contains the kind of fact the question expects.
    public func sentenceHasExpectedAnswer(_ sentence: String) -> Bool {
        if expected == .unspecified { return false }
        if expected == .money, sentence.unicodeScalars.contains(where: { "$£€".unicodeScalars.contains($0) }) {
            return true
        }
        let words = Self.lowercasedWords(sentence)
        func isNumber(_ w: String) -> Bool { w.first?.isNumber == true || Self.numberWords.contains(w) }
        switch expected {
        case .unspecified: return false
        case .money: return words.contains("free")
        case .count: return words.contains(where: isNumber)
        case .time:
            for (i, w) in words.enumerated() where isNumber(w) {
                if words[(i + 1)..<min(i + 4, words.count)].contains(where: { Self.timeUnits.contains($0) }) {
                    return true
                }
            }
            // "charged when the order ships": an event answers "when" as a time does.
            return words.contains("immediately") || words.contains("away") && words.contains("right")
                || words.contains("when") || words.contains("once")
        }
    }

    /// The words of `text`, lowercased: runs of letters, digits and `$` (what the checks above
    /// read), split on everything else; ASCII without Unicode property lookups.
    static func lowercasedWords(_ text: String) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        for c in text.unicodeScalars {
            let v = c.value
            if c.isASCII {
                if (v >= 97 && v <= 122) || (v >= 48 && v <= 57) || v == 36 {
                    word.append(c)
                    continue
                }
                if v >= 65 && v <= 90 {
                    word.append(Unicode.Scalar(v + 32)!)
                    continue
                }
            } else if c.properties.isAlphabetic || c.properties.numericType != nil {
                word.append(contentsOf: c.properties.lowercaseMapping.unicodeScalars)
                continue
            }
            if !word.isEmpty {
                words.append(String(word))
                word = String.UnicodeScalarView()
            }
        }
        if !word.isEmpty { words.append(String(word)) }
        return words
    }
}
