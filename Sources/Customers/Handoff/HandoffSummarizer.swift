import Foundation
import Governance
import GroundedCore
import Records
import Retrieval
import Routing

/// Writes the summary a person reads when a conversation is handed to them: who the customer is,
/// what they want, what the bot tried and from which sources, how they feel, what they mentioned
/// and what is still open. Extractive and deterministic: every sentence is built from transcript
/// turns it cites.
///
/// Thread safety: a value; use it anywhere.
public struct HandoffSummarizer: Sendable {
    public var sentiment = SentimentLexicon()
    public var entities = EntityExtractor()
    public var signals = SignalDetector()

    public init() {}

    /// The summary sentences, sentiment, risk signals, entities and open questions of a conversation.
    /// - Parameter previousContacts: the customer's earlier conversations, recently (raises the
    ///   repeated-contact signal from `SignalDetector.repeatedContactsAtLeast`).
    public func summarize(
        _ conversation: Conversation, customer: Customer, reason: Handoff.Reason, rule: String? = nil,
        previousContacts: Int = 0
    ) -> Summary {
        let turns = conversation.turns
        let asked = turns.filter { $0.author == .customer }
        var out: [SummarySentence] = []

        // Who.
        let p = customer.profile
        var facts: [String] = []
        if let plan = p.plan { facts.append("plan \(plan)") }
        if let region = p.region { facts.append("region \(region)") }
        if !p.products.isEmpty { facts.append("owns \(p.products.joined(separator: ", "))") }
        if let since = p.customerSince { facts.append("customer since \(since)") }
        var channels: [String] = []
        var firstOfChannel: [Int] = []
        for t in turns where !channels.contains(t.channel) {
            channels.append(t.channel)
            firstOfChannel.append(t.index)
        }
        let who =
            (p.name ?? "The customer") + (facts.isEmpty ? "" : " (\(facts.joined(separator: "; ")))")
            + (channels.isEmpty ? "." : ", reached us by \(channels.joined(separator: " then ")).")
        out.append(SummarySentence(topic: "who", text: who, turns: firstOfChannel, sources: ["profile"]))

        // Intent: what they first asked for, and where it ended up.
        if let first = asked.first {
            out.append(
                SummarySentence(topic: "intent", text: "They want: “\(first.text)”", turns: [first.index], sources: []))
        }

        // What the bot tried: each answer with the question it answered and its sources.
        var open: [String] = []
        var openTurns: [Int] = []
        for (i, t) in turns.enumerated() where t.author == .bot {
            let question = turns[..<i].last { $0.author == .customer }
            if t.citations.isEmpty {
                if let q = question {
                    open.append(q.text)
                    openTurns.append(q.index)
                }
                continue
            }
            let about = question.map { " to “\($0.text)”" } ?? ""
            let documents = Set(t.citations.map { $0.split(separator: "[").first.map(String.init) ?? $0 }).sorted()
            out.append(
                SummarySentence(
                    topic: "tried",
                    text:
                        """
                        The bot answered\(about) from \(documents.joined(separator: ", ")).
                        """,
                    turns: (question.map { [$0.index] } ?? []) + [t.index], sources: t.citations))
        }
        // Sentiment over the customer's turns.
        let scored = asked.map { ($0, sentiment.score($0.text)) }
        let overall = scored.isEmpty ? 0 : scored.map(\.1.score).reduce(0, +) / Double(scored.count)
        let evidence = scored.filter { !$0.1.evidence.isEmpty }
        let label = overall <= -0.3 ? "negative" : overall >= 0.3 ? "positive" : "neutral"
        let worst = scored.min { $0.1.score < $1.1.score }
        var feeling = "Sentiment: \(label) (\(String(format: "%.2f", overall)))"
        if let worst, worst.1.score < 0 {
            feeling += ", lowest at “\(worst.0.text)” (\(worst.1.evidence.joined(separator: ", ")))"
        }
        // With no telling words, the judgement rests on every customer turn.
        let judged = evidence.isEmpty ? asked.map(\.index) : evidence.map(\.0.index)
        out.append(SummarySentence(topic: "sentiment", text: feeling + ".", turns: judged, sources: []))

        // Risk signals over the customer's turns, each kind once, with its words and turns.
        let risks = mergedSignals(asked, previousContacts: previousContacts)
        if !risks.isEmpty {
            let text =
                "Signals: "
                + risks.map { r in
                    "\(r.signal.kind.rawValue.replacingOccurrences(of: "-", with: " ")) ("
                        + r.signal.evidence.map { "“\($0)”" }.joined(separator: ", ") + ")"
                }.joined(separator: "; ") + "."
            out.append(
                SummarySentence(
                    topic: "signals", text: text, turns: Array(Set(risks.flatMap(\.turns))).sorted(), sources: []))
        }

        // Entities the agent will look up.
        var found: [EntityExtractor.Entity] = []
        var entityTurns: [Int] = []
        for t in asked {
            let e = entities.entities(in: t.text).filter { !found.contains($0) }
            if !e.isEmpty {
                found += e
                entityTurns.append(t.index)
            }
        }
        if !found.isEmpty {
            out.append(
                SummarySentence(
                    topic: "entities",
                    text: "Mentioned: " + found.map { "\($0.kind) \($0.text)" }.joined(separator: ", ") + ".",
                    turns: entityTurns, sources: []))
        }

        if !open.isEmpty {
            out.append(
                SummarySentence(
                    topic: "open", text: "Still open: " + open.map { "“\($0)”" }.joined(separator: "; ") + ".",
                    turns: openTurns, sources: []))
        }
        let trigger = turns.last { $0.author == .customer }
        let why: String
        switch reason {
        case .declined: why = "Handed over because the documents do not answer the last question."
        case .customerAsked: why = "Handed over because the customer asked for a person."
        case .policy: why = "Handed over by \(rule ?? "policy")."
        }
        out.append(SummarySentence(topic: "reason", text: why, turns: trigger.map { [$0.index] } ?? [], sources: []))
        // The summary travels to queues, agents' screens and notifications: personal data in the
        // customer's words is redacted (the transcript itself keeps it, for the agent who opens it).
        let redactor = PIIRedactor()
        return Summary(
            sentences: out.map {
                SummarySentence(topic: $0.topic, text: redactor.redact($0.text), turns: $0.turns, sources: $0.sources)
            },
            sentiment: overall, signals: risks.map(\.signal),
            entities: found.map { EntityExtractor.Entity(kind: $0.kind, text: redactor.redact($0.text)) },
            open: open.map(redactor.redact))
    }

    /// What `summarize` found.
    public struct Summary: Sendable {
        public let sentences: [SummarySentence]
        public let sentiment: Double
        public let signals: [RiskSignal]
        public let entities: [EntityExtractor.Entity]
        public let open: [String]
    }

    /// The signals of every customer turn, one per kind with the evidence of all turns joined.
    private func mergedSignals(_ turns: [Turn], previousContacts: Int) -> [(signal: RiskSignal, turns: [Int])] {
        var evidence: [RiskSignal.Kind: [String]] = [:]
        var turnsOf: [RiskSignal.Kind: [Int]] = [:]
        for (i, t) in turns.enumerated() {
            // Earlier contacts are counted once, with the first turn.
            for r in signals.signals(in: t.text, previousContacts: i == 0 ? previousContacts : 0).risks {
                evidence[r.kind, default: []] += r.evidence.filter { !(evidence[r.kind] ?? []).contains($0) }
                turnsOf[r.kind, default: []].append(t.index)
            }
        }
        return RiskSignal.Kind.allCases.compactMap { kind in
            evidence[kind].map { (RiskSignal(kind: kind, evidence: $0), turnsOf[kind] ?? []) }
        }
    }
}
