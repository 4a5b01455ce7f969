import Foundation
import Records
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
    /// Declines in a row after which the conversation goes to a person; before that a decline
    /// offers one and self-service goes on. 0: declines never hand off (the customer still can
    /// ask for a person). Default 2: one question the documents do not answer is often a
    /// question asked another way; a second in a row is a customer the bot is failing.
    public var declinesBeforeHandoff: Int

    public init(
        version: String = "default-1", sentimentAtOrBelow: Double = -0.6,
        phrases: [String] = [
            "lawyer", "legal action", "sue", "court", "chargeback", "fire", "injured", "injury", "unsafe",
        ],
        declinesBeforeHandoff: Int = 2
    ) {
        self.version = version
        self.sentimentAtOrBelow = sentimentAtOrBelow
        self.phrases = phrases
        self.declinesBeforeHandoff = declinesBeforeHandoff
    }

    /// Reads a policy written before `declinesBeforeHandoff` existed as handing off at the first
    /// decline, as those versions did.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            version: try c.decode(String.self, forKey: .version),
            sentimentAtOrBelow: try c.decode(Double.self, forKey: .sentimentAtOrBelow),
            phrases: try c.decode([String].self, forKey: .phrases),
            declinesBeforeHandoff: try c.decodeIfPresent(Int.self, forKey: .declinesBeforeHandoff) ?? 1)
    }

    /// Whether `declines` declines in a row (this one included) send the conversation to a person.
    public func handsOff(afterDeclines declines: Int) -> Bool {
        declinesBeforeHandoff > 0 && declines >= declinesBeforeHandoff
    }

    /// - Throws: `CustomerError` naming the invalid setting.
    public func validate() throws {
        guard !version.isEmpty else { throw CustomerError("handoff policy: version is empty") }
        guard (-1...1).contains(sentimentAtOrBelow) else {
            throw CustomerError("handoff policy: sentimentAtOrBelow must be within -1...1")
        }
        guard phrases.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw CustomerError("handoff policy: an empty phrase")
        }
        guard (0...10).contains(declinesBeforeHandoff) else {
            throw CustomerError(
                "handoff policy: declinesBeforeHandoff must be within 0...10 (0: declines never hand off)")
        }
    }

    /// The rule that sends this message to a person, in words, or nil.
    public func rule(for message: String, sentiment: SentimentLexicon = .init()) -> String? {
        let lower = message.lowercased()
        for phrase in phrases {
            let pattern = "\\b" + NSRegularExpression.escapedPattern(for: phrase.lowercased()) + "\\b"
            if lower.range(of: pattern, options: .regularExpression) != nil {
                return "policy \(version): the message mentions \"\(phrase)\""
            }
        }
        let score = sentiment.score(message)
        if score.score <= sentimentAtOrBelow, !score.evidence.isEmpty {
            return String(
                format: "policy %@: sentiment %.2f at or below %.2f (%@)", version, score.score, sentimentAtOrBelow,
                score.evidence.joined(separator: ", "))
        }
        return nil
    }
}
