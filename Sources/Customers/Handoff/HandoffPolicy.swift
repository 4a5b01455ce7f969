import Foundation
import Routing

/// When a conversation goes to a person although the engine could answer: an upset customer, or
/// words that always need a person (legal threats, safety, chargebacks). Versioned, so a handoff
/// records which rules sent it; the governance policy store replaces this file-based form.
public struct HandoffPolicy: Sendable, Codable, Hashable {
    public var version: String
    /// Hand off when the customer's message scores at or below this (-1 ... 1). -0.6 is two or
    /// more strongly negative words with nothing positive (see `SentimentLexicon`).
    public var sentimentAtOrBelow: Double
    /// Phrases (case-insensitive, whole words) that always go to a person.
    public var phrases: [String]

    public init(version: String = "default-1", sentimentAtOrBelow: Double = -0.6,
                phrases: [String] = ["lawyer", "legal action", "sue", "court", "chargeback", "fire", "injured", "injury", "unsafe"]) {
        self.version = version
        self.sentimentAtOrBelow = sentimentAtOrBelow
        self.phrases = phrases
    }

    /// - Throws: `CustomerError` naming the invalid setting.
    public func validate() throws {
        guard !version.isEmpty else { throw CustomerError("handoff policy: version is empty") }
        guard (-1...1).contains(sentimentAtOrBelow) else { throw CustomerError("handoff policy: sentimentAtOrBelow must be within -1...1") }
        guard phrases.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { throw CustomerError("handoff policy: an empty phrase") }
    }

    /// The rule that sends this message to a person, in words, or nil.
    public func rule(for message: String, sentiment: SentimentLexicon = .init()) -> String? {
        let lower = message.lowercased()
        for phrase in phrases {
            let pattern = "\\b" + NSRegularExpression.escapedPattern(for: phrase.lowercased()) + "\\b"
            if lower.range(of: pattern, options: .regularExpression) != nil { return "policy \(version): the message mentions \"\(phrase)\"" }
        }
        let score = sentiment.score(message)
        if score.score <= sentimentAtOrBelow, !score.evidence.isEmpty {
            return String(format: "policy %@: sentiment %.2f at or below %.2f (%@)", version, score.score, sentimentAtOrBelow,
                          score.evidence.joined(separator: ", "))
        }
        return nil
    }
}
