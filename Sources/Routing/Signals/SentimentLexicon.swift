import Foundation

/// A small sentiment lexicon for customer messages: each word scores -1...1, negation flips the
/// next two words, and a message's score is the mean of its scored words. Deterministic, and
/// enough to tell a handoff's reader whether the customer is upset and where.
///
/// Thread safety: a value; use it anywhere.
public struct SentimentLexicon: Sendable {
    static let scores: [String: Double] = [
        // negative
        "angry": -1, "furious": -1, "ridiculous": -1, "unacceptable": -1, "terrible": -1, "awful": -1, "worst": -1,
        "useless": -1, "scam": -1, "disgusted": -1, "outrageous": -1, "hate": -1, "lawyer": -0.8, "sue": -0.8,
        "frustrated": -0.8, "annoyed": -0.7, "upset": -0.7, "disappointed": -0.7, "broken": -0.6, "cancel": -0.5,
        "never": -0.4, "still": -0.3, "again": -0.3, "late": -0.5, "lost": -0.5, "missing": -0.5, "wrong": -0.5,
        "problem": -0.4, "issue": -0.3, "failed": -0.6, "charged": -0.3, "waiting": -0.4, "bad": -0.7, "poor": -0.6,
        // positive
        "thanks": 0.6, "thank": 0.6, "great": 0.8, "perfect": 0.9, "excellent": 0.9, "helpful": 0.7, "love": 0.8,
        "happy": 0.7, "good": 0.5, "awesome": 0.9, "appreciate": 0.7, "resolved": 0.6, "works": 0.4, "glad": 0.6,
    ]
    static let negations: Set<String> = [
        "not", "no", "never", "don't", "dont", "didn't", "didnt", "isn't", "isnt", "wasn't", "wasnt", "can't", "cant",
        "won't", "wont",
    ]

    public init() {}

    /// The message's score, -1 (angry) ... 1 (pleased), and the words that decided it.
    public func score(_ text: String) -> (score: Double, evidence: [String]) {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init)
        var total = 0.0
        var count = 0
        var flip = 0
        var evidence: [String] = []
        for w in words {
            if Self.negations.contains(w) {
                flip = 2
                continue
            }
            if var s = Self.scores[w] {
                if flip > 0 { s = -s * 0.5 }
                total += s
                count += 1
                evidence.append(flip > 0 ? "not \(w)" : w)
            }
            flip = max(0, flip - 1)
        }
        let exclaimed = text.filter { $0 == "!" }.count >= 2 && total < 0 ? -0.2 : 0
        return (count > 0 ? max(-1, min(1, total / Double(count) + exclaimed)) : 0, evidence)
    }
}
