import Engine
import Foundation
import GroundedCore

/// Something an agent can do for a customer (refund, replacement, callback…), and when it fits.
public struct NextBestAction: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    /// Words (stemmed when matched) whose presence in the customer's recent messages suggests it.
    public var keywords: [String]
    /// Only for customers on these plans (empty: everyone).
    public var plans: [String]
    /// Raised when the customer is upset (sentiment below -0.3).
    public var whenUpset: Bool
    /// Raised by these cues in the customer's messages (`SignalDetector`: "this is the third
    /// time!", "ABSOLUTELY USELESS"), naming the words that raised them.
    public var signals: [RiskSignal.Kind] = []
    /// A small prior that orders actions when nothing else does.
    public var prior: Double
    /// Approved for agents to be offered; an unapproved action is never suggested.
    public var approved: Bool

    public init(
        id: String, title: String, keywords: [String], plans: [String] = [], whenUpset: Bool = false,
        signals: [RiskSignal.Kind] = [], prior: Double = 0, approved: Bool = true
    ) {
        self.id = id
        self.title = title
        self.keywords = keywords
        self.plans = plans
        self.whenUpset = whenUpset
        self.signals = signals
        self.prior = prior
        self.approved = approved
    }
}

/// An action proposed for the latest customer message, with its score and why.
public struct RankedAction: Sendable, Hashable, Codable {
    public var action: NextBestAction
    public var score: Double
    public var reasons: [String]
}

/// The actions agents may take, ranked for a conversation by what the customer said, who they are
/// and how they feel. A service team replaces `standard` with its own list.
///
/// Thread safety: a value; use it anywhere.
public struct ActionCatalogue: Sendable {
    public var actions: [NextBestAction]
    let analyzer = TextAnalyzer()

    public init(actions: [NextBestAction] = ActionCatalogue.standard) { self.actions = actions }

    public static let standard: [NextBestAction] = [
        .init(
            id: "refund", title: "Issue a refund",
            keywords: ["refund", "money back", "charged", "charge", "reimburse", "return"], prior: 0.05),
        .init(
            id: "replacement", title: "Send a replacement",
            keywords: ["broken", "damaged", "defective", "lost", "never arrived", "missing", "replace"], prior: 0.04),
        .init(
            id: "resend-tracking", title: "Resend tracking details",
            keywords: ["tracking", "where is", "parcel", "delivery", "shipped", "order status"], prior: 0.03),
        .init(
            id: "update-payment", title: "Help update the payment method",
            keywords: ["payment failed", "card declined", "card", "billing", "expired"], prior: 0.03),
        .init(
            id: "retention-offer", title: "Offer a retention discount",
            keywords: ["cancel", "cancellation", "switch", "leave", "too expensive"], plans: ["plus", "basic"],
            prior: 0.02),
        .init(
            id: "callback", title: "Schedule a callback", keywords: ["call me", "callback", "phone", "call back"],
            prior: 0.02),
        .init(
            id: "escalate", title: "Escalate to a supervisor",
            keywords: ["supervisor", "manager", "complaint", "lawyer", "unacceptable"], whenUpset: true,
            signals: [.repeatedContact, .anger, .legalThreat], prior: 0.01),
    ]

    /// The actions whose score is above zero, best first (ties by id).
    /// - Parameters:
    ///   - messages: the customer's recent messages, latest last (the latest weighs double).
    ///   - plan: the customer's plan, if known.
    ///   - sentiment: -1 ... 1 over the conversation.
    ///   - signals: the escalation cues in those messages, with their words.
    public func rank(
        messages: [String], plan: String?, sentiment: Double, signals: [RiskSignal] = []
    ) -> [RankedAction] {
        let latest = Set(analyzer.terms(messages.last ?? ""))
        let earlier = Set(analyzer.terms(messages.dropLast().joined(separator: " ")))
        return actions.compactMap { action -> RankedAction? in
            guard action.approved else { return nil }
            if !action.plans.isEmpty,
                !action.plans.contains(where: { $0.caseInsensitiveCompare(plan ?? "") == .orderedSame })
            {
                return nil
            }
            var score = 0.0
            var reasons: [String] = []
            for keyword in action.keywords {
                let terms = analyzer.terms(keyword)
                guard !terms.isEmpty else { continue }
                if terms.allSatisfy(latest.contains) {
                    score += 1
                    reasons.append("latest message says \"\(keyword)\"")
                } else if terms.allSatisfy(earlier.contains) {
                    score += 0.5
                    reasons.append("earlier message says \"\(keyword)\"")
                }
            }
            if action.whenUpset, sentiment < -0.3 {
                score += 1
                reasons.append(String(format: "customer upset (sentiment %.2f)", sentiment))
            }
            // Each cue the action answers: "repeated contact: “third time”".
            for signal in signals where action.signals.contains(signal.kind) {
                score += 1
                let words = signal.evidence.map { "“\($0)”" }.joined(separator: ", ")
                reasons.append("\(signal.kind.rawValue.replacingOccurrences(of: "-", with: " ")): \(words)")
            }
            guard score > 0 else { return nil }
            if !action.plans.isEmpty { reasons.append("on plan \(plan ?? "")") }
            return RankedAction(action: action, score: score + action.prior, reasons: reasons)
        }
        .sorted { ($0.score, $1.action.id) > ($1.score, $0.action.id) }
    }
}
