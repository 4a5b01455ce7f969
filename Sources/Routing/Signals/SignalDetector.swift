import Foundation
import GroundedCore

/// Reads a customer's message for sentiment and escalation signals (`RiskSignal.Kind`), each with
/// the words that raised it. Rules over phrases, not a model: every signal can be explained by
/// pointing at the message, and a service team can read the lists below.
///
/// Phrases are matched case-insensitively on word boundaries. A phrase right after a negation
/// ("not going to sue", "no need for a lawyer") does not count.
/// Thread safety: a value; use it anywhere.
public struct SignalDetector: Sendable {
    public var sentiment = SentimentLexicon()
    /// Earlier contacts (of the same customer, in the window the caller chose) at which repeated
    /// contact is raised without any words saying so.
    public var repeatedContactsAtLeast = 2

    public init() {}

    /// Phrase patterns (regular expressions, without the surrounding word boundaries) per kind.
    static let patterns: [RiskSignal.Kind: [String]] = [
        .anger: [
            "furious", "livid", "outraged", "outrageous", "ridiculous", "unacceptable", "disgusting", "disgusted",
            "appalling",
            "pathetic", "useless", "incompetent", "worst", "scam", "rip[- ]?off", "fed up", "sick (and tired )?of",
            "a joke",
            "how dare you", "angry", "damn", "wtf", "crap", "bloody", "f+u+c+k\\w*", "sh[i1]t\\w*",
        ],
        .legalThreat: [
            "lawyers?", "attorneys?", "solicitors?", "legal action", "take (you|this) to court", "court", "sue",
            "suing", "lawsuit",
            "small claims", "ombudsman", "trading standards", "regulator", "consumer protection",
            "better business bureau", "bbb",
            "chargeback", "dispute (the|this) (charge|payment) with my bank", "report you to",
        ],
        .cancellation: [
            "cancel (my|the) (account|subscription|membership|plan|service|contract)", "close my account",
            "delete my account",
            "end my (subscription|membership|contract)",
            "switch(ing)? to (a competitor|another (provider|company|brand))",
            "take my business elsewhere", "never (buy|order|shop)\\w* (from you )?again",
            "done with (you|this company)",
            "i'?m leaving", "unsubscribe me",
        ],
        .repeatedContact: [
            "(second|third|fourth|fifth|2nd|3rd|4th|5th|\\d+th) time",
            "(called|contacted|emailed|written|chatted|messaged|asked) (you )?(again|before|already|(\\w+ )?times)",
            "already (told|called|contacted|explained|asked|sent)", "keep (calling|asking|contacting|chasing)",
            "how many (more )?times", "again and again", "still (not|no|haven'?t|hasn'?t|waiting)", "for weeks",
            "every time i (call|contact|ask)",
        ],
        .vulnerableCustomer: [
            "passed away",
            "(husband|wife|partner|mum|mom|mother|dad|father|son|daughter|brother|sister|parent) (has |had )?died",
            "bereave\\w*", "funeral", "widow(ed|er)?", "terminal(ly)? ill", "cancer", "hospital\\w*",
            "disabled", "disability", "wheelchair", "i'?m (blind|deaf)", "(blind|deaf) (person|customer|user)",
            "hearing impaired", "visually impaired", "dementia",
            "mental health", "depress(ed|ion)", "anxiety", "carer", "can'?t afford", "lost my job", "unemployed",
            "struggling (to pay|financially)", "in debt", "bankrupt\\w*", "food bank", "pensioner", "elderly",
            "domestic (abuse|violence)", "i'?m (7|8|9)\\d( years old)?",
        ],
    ]

    static let negations = #"(not|no|never|don'?t|won'?t|didn'?t|isn'?t|no need for|without)\s+(\w+\s+){0,2}$"#

    private static let compiled: [(RiskSignal.Kind, [NSRegularExpression])] = RiskSignal.Kind.allCases.map { kind in
        (
            kind,
            (patterns[kind] ?? []).map {
                try! NSRegularExpression(pattern: "\\b(" + $0 + ")\\b", options: [.caseInsensitive])
            }
        )
    }
    private static let negation = try! NSRegularExpression(pattern: negations, options: [.caseInsensitive])

    /// Sentiment and risk signals of `message`.
    /// - Parameter previousContacts: how many times this customer contacted us before, recently
    ///   (the caller's window); `repeatedContactsAtLeast` or more raises repeated contact.
    public func signals(in message: String, previousContacts: Int = 0) -> MessageSignals {
        let ns = message as NSString
        var risks: [RiskSignal] = []
        for (kind, expressions) in Self.compiled {
            var evidence: [String] = []
            for expression in expressions {
                for match in expression.matches(in: message, range: NSRange(location: 0, length: ns.length)) {
                    let before = ns.substring(with: NSRange(location: 0, length: match.range.location))
                    if Self.negation.firstMatch(
                        in: before, range: NSRange(location: 0, length: (before as NSString).length)) != nil
                    {
                        continue
                    }
                    let phrase = ns.substring(with: match.range)
                    if !evidence.contains(where: { $0.caseInsensitiveCompare(phrase) == .orderedSame }) {
                        evidence.append(phrase)
                    }
                }
            }
            // A phrase inside a longer one of the same kind ("court" in "take you to court") is not
            // evidence of its own.
            evidence = evidence.filter { e in
                !evidence.contains { $0.count > e.count && $0.lowercased().contains(e.lowercased()) }
            }
            if kind == .anger { evidence += shouting(in: message) }
            if kind == .repeatedContact && previousContacts >= repeatedContactsAtLeast {
                evidence.append("\(previousContacts) earlier contacts")
            }
            if !evidence.isEmpty { risks.append(RiskSignal(kind: kind, evidence: evidence)) }
        }
        let scored = sentiment.score(message)
        return MessageSignals(sentiment: scored.score, sentimentEvidence: scored.evidence, risks: risks)
    }

    /// Signals of a conversation: the sentiment of its latest message, and the risks raised by any
    /// of its messages (a legal threat three turns ago still stands), each kind once with the
    /// evidence of every message that raised it.
    /// - Parameter messages: the customer's messages, oldest first; the last is the latest.
    public func signals(inConversation messages: [String], previousContacts: Int = 0) -> MessageSignals {
        guard let latest = messages.last else { return signals(in: "", previousContacts: previousContacts) }
        let current = signals(in: latest, previousContacts: previousContacts)
        var evidence: [RiskSignal.Kind: [String]] = [:]
        for message in messages.dropLast() {
            for risk in signals(in: message).risks { evidence[risk.kind, default: []] += risk.evidence }
        }
        for risk in current.risks { evidence[risk.kind, default: []] += risk.evidence }
        let risks = RiskSignal.Kind.allCases.compactMap { kind in
            evidence[kind].map { words in
                RiskSignal(
                    kind: kind, evidence: words.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } })
            }
        }
        return MessageSignals(sentiment: current.sentiment, sentimentEvidence: current.sentimentEvidence, risks: risks)
    }

    /// Words of three or more letters in capitals when two or more are (shouting), and runs of
    /// two or more exclamation marks.
    private func shouting(in message: String) -> [String] {
        let words = message.split(whereSeparator: { !$0.isLetter }).filter { $0.count >= 3 }.map(String.init)
        let capitals = words.filter { w in w.allSatisfy { $0.isUppercase } }
        var out: [String] =
            capitals.count >= 2 && capitals.count * 2 >= words.count ? [capitals.joined(separator: " ")] : []
        if message.contains("!!") { out.append("!!") }
        return out
    }
}
