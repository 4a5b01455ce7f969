import Foundation
import GroundedCore

/// Decides who answers a customer message — self-service, a clarifying question, or a person
/// (and which queue) — by the rules of a `RoutePolicy`, in a fixed order:
///
/// 1. the customer asked for a person, or a signal the policy escalates on (legal threat,
///    vulnerability, anger at or below the sentiment bar), or a person-only intent → a person;
/// 2. two intents close and both probable → a clarifying question naming both;
/// 3. the engine answered at or above the confidence bar, and the message is in scope → self-service;
/// 4. otherwise → a person.
///
/// The queue is the one whose skills (language, product, plan) match the customer best, then the
/// one with most room; ties go to the first in the policy. Deterministic.
/// Thread safety: a value; use it anywhere.
public struct RouteDecider: Sendable {
    public let policy: RoutePolicy

    /// - Throws: `IntentDataError` for an invalid policy.
    public init(policy: RoutePolicy) throws {
        try policy.validate()
        self.policy = policy
    }

    /// The decision for one message, with every rule it weighed (`RouteDecision.alternatives`)
    /// and, for a person, every queue (`RouteDecision.queues`).
    public func decide(_ input: RouteInput) -> RouteDecision {
        let rules = evaluate(input)
        // The last rule (`fallback.no-answer`) always applies.
        let chosen = rules.firstIndex { $0.applies }!
        let winner = rules[chosen]
        var queue: String?
        var reason = winner.reason
        var queues: [RouteDecision.QueueCandidate]?
        if winner.action == .person {
            let (name, why, candidates) = chooseQueue(input)
            (queue, queues) = (name, candidates)
            reason += "; " + why
        }
        var decision = RouteDecision(
            action: winner.action, queue: queue, clarifyingQuestion: winner.clarifyingQuestion, rule: winner.rule,
            reason: reason, policyVersion: policy.version, input: input)
        decision.alternatives = rules.enumerated().map { i, r in
            RouteDecision.Alternative(
                rule: r.rule, action: r.action,
                outcome: i == chosen ? .chosen : r.applies ? .outranked : .notMet, reason: r.reason)
        }
        decision.queues = queues
        return decision
    }

    /// One rule weighed: whether it applies to the message and why (or why not).
    struct RuleResult {
        var rule: String
        var action: RouteDecision.Action
        var applies: Bool
        var reason: String
        var clarifyingQuestion: String? = nil
    }

    /// Every rule in order, each weighed on its own.
    func evaluate(_ input: RouteInput) -> [RuleResult] {
        func quoted(_ s: RiskSignal) -> String { s.evidence.map { "“\($0)”" }.joined(separator: ", ") }
        var rules = [
            RuleResult(
                rule: "escalate.asked", action: .person, applies: input.askedForPerson,
                reason: input.askedForPerson
                    ? "the customer asked for a person" : "the customer did not ask for a person")
        ]
        for kind in policy.escalateOn {
            let signal = input.signals.risks.first { $0.kind == kind }
            rules.append(
                RuleResult(
                    rule: "escalate.\(kind.rawValue)", action: .person, applies: signal != nil,
                    reason: signal.map { "\(kind.rawValue) signal (" + quoted($0) + ")" }
                        ?? "no \(kind.rawValue) signal in the conversation"))
        }
        let anger = input.signals.risks.first { $0.kind == .anger }
        let angry = anger != nil && input.signals.sentiment <= policy.angerEscalatesAtSentiment
        rules.append(
            RuleResult(
                rule: "escalate.anger", action: .person, applies: angry,
                reason: anger.map {
                    String(
                        format: "anger (%@) with sentiment %.2f %@ %.2f", quoted($0), input.signals.sentiment,
                        angry ? "at or below" : "above", policy.angerEscalatesAtSentiment)
                } ?? "no anger signal"))
        let intent = input.intent?.intent
        let personIntent = intent.map { policy.personIntents.contains($0) } ?? false
        rules.append(
            RuleResult(
                rule: "escalate.intent", action: .person, applies: personIntent,
                reason: intent.map {
                    personIntent ? "intent \($0) always goes to a person" : "intent \($0) is not a person-only intent"
                } ?? "no intent classifier"))
        rules.append(clarifyRule(input))
        let inScope = input.intent.map { !$0.isOutOfScope } ?? true
        let confident = input.answerConfidence.map { $0 >= policy.answerConfidenceAtLeast } ?? false
        rules.append(
            RuleResult(
                rule: "answer.confident", action: .selfService, applies: confident && inScope,
                reason: input.answerConfidence.map {
                    String(
                        format: "the engine answered with confidence %.2f, %@ %.2f%@", $0,
                        confident ? "at or above" : "below", policy.answerConfidenceAtLeast,
                        inScope ? "" : ", but the message is out of scope")
                } ?? "the engine could not answer from the documents"))
        rules.append(
            RuleResult(
                rule: "fallback.out-of-scope", action: .person, applies: !inScope,
                reason: inScope
                    ? "the message is in scope"
                    : "the message is out of scope (\(input.intent?.reason ?? ""))"))
        rules.append(
            RuleResult(
                rule: "fallback.no-answer", action: .person, applies: true,
                reason: input.answerConfidence.map {
                    String(format: "the answer's confidence %.2f is below %.2f", $0, policy.answerConfidenceAtLeast)
                } ?? "the engine could not answer from the documents"))
        return rules
    }

    /// Two intents close and both probable: ask which.
    func clarifyRule(_ input: RouteInput) -> RuleResult {
        guard let candidates = input.intent?.candidates, candidates.count >= 2 else {
            return RuleResult(
                rule: "clarify.close-intents", action: .clarify, applies: false,
                reason: "fewer than two intent candidates")
        }
        let (first, second) = (candidates[0], candidates[1])
        let applies =
            first.probability >= Float(policy.clarifyWhenBothAtLeast)
            && second.probability >= Float(policy.clarifyWhenBothAtLeast)
            && first.probability - second.probability <= Float(policy.clarifyMargin)
        let reason =
            applies
            ? String(
                format: "intents %@ (%.2f) and %@ (%.2f) are within %.2f", first.intent, first.probability,
                second.intent, second.probability, policy.clarifyMargin)
            : String(
                format: "intents %@ (%.2f) and %@ (%.2f): not both at least %.2f within %.2f of each other",
                first.intent, first.probability, second.intent, second.probability, policy.clarifyWhenBothAtLeast,
                policy.clarifyMargin)
        return RuleResult(
            rule: "clarify.close-intents", action: .clarify, applies: applies, reason: reason,
            clarifyingQuestion: "Do you mean \(Self.readable(first.intent)), or \(Self.readable(second.intent))?")
    }

    /// The queue for this customer, why, and every queue weighed.
    func chooseQueue(_ input: RouteInput) -> (String, String, [RouteDecision.QueueCandidate]) {
        let c = input.customer
        func matches(_ q: RoutePolicy.Queue) -> (fits: Bool, skills: Int) {
            var skills = 0
            if !q.languages.isEmpty {
                guard let l = c.language, q.languages.contains(l) else { return (false, 0) }
                skills += 1
            }
            if !q.plans.isEmpty {
                guard let p = c.plan, q.plans.contains(p) else { return (false, 0) }
                skills += 1
            }
            if !q.products.isEmpty {
                guard c.products.contains(where: q.products.contains) else { return (false, 0) }
                skills += 1
            }
            return (true, skills)
        }
        let weighed = policy.queues.map { ($0, matches($0)) }
        let ranked = weighed.enumerated().compactMap { i, w -> (Int, RoutePolicy.Queue, Int, Double)? in
            let (q, m) = w
            return m.fits ? (i, q, m.skills, Double(input.queueLoad[q.name] ?? 0) / Double(q.capacity)) : nil
        }.sorted { a, b in
            if a.2 != b.2 { return a.2 > b.2 }  // more matched skills
            if (a.3 < 1) != (b.3 < 1) { return a.3 < 1 }  // a queue with room
            if a.3 != b.3 { return a.3 < b.3 }  // less loaded
            return a.0 < b.0  // policy order
        }
        let name = ranked.first?.1.name ?? policy.queues[0].name
        let candidates = weighed.map { q, m in
            RouteDecision.QueueCandidate(
                name: q.name, fits: m.fits, matchedSkills: m.skills, load: input.queueLoad[q.name] ?? 0,
                capacity: q.capacity, chosen: q.name == name)
        }
        guard let best = ranked.first else {
            return (
                name, "no queue matches the customer's language, plan and products: the first queue, \(name)",
                candidates
            )
        }
        let load = input.queueLoad[best.1.name] ?? 0
        return (
            best.1.name, "queue \(best.1.name): \(best.2) matched skill(s), load \(load) of \(best.1.capacity)",
            candidates
        )
    }

    /// `order_status` → "order status".
    static func readable(_ intent: String) -> String { intent.replacingOccurrences(of: "_", with: " ") }
}
