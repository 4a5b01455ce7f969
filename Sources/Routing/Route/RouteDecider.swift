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

    public func decide(_ input: RouteInput) -> RouteDecision {
        func person(_ rule: String, _ reason: String) -> RouteDecision {
            let (queue, why) = chooseQueue(input)
            return RouteDecision(
                action: .person, queue: queue, clarifyingQuestion: nil, rule: rule, reason: reason + "; " + why,
                policyVersion: policy.version, input: input)
        }
        if input.askedForPerson { return person("escalate.asked", "the customer asked for a person") }
        for kind in policy.escalateOn {
            if let s = input.signals.risks.first(where: { $0.kind == kind }) {
                return person(
                    "escalate.\(kind.rawValue)",
                    "\(kind.rawValue) signal (" + s.evidence.map { "“\($0)”" }.joined(separator: ", ") + ")")
            }
        }
        if let anger = input.signals.risks.first(where: { $0.kind == .anger }),
            input.signals.sentiment <= policy.angerEscalatesAtSentiment
        {
            return person(
                "escalate.anger",
                String(
                    format: "anger (%@) with sentiment %.2f at or below %.2f",
                    anger.evidence.map { "“\($0)”" }.joined(separator: ", "), input.signals.sentiment,
                    policy.angerEscalatesAtSentiment))
        }
        if let intent = input.intent?.intent, policy.personIntents.contains(intent) {
            return person("escalate.intent", "intent \(intent) always goes to a person")
        }
        if let candidates = input.intent?.candidates, candidates.count >= 2,
            candidates[0].probability >= Float(policy.clarifyWhenBothAtLeast),
            candidates[1].probability >= Float(policy.clarifyWhenBothAtLeast),
            candidates[0].probability - candidates[1].probability <= Float(policy.clarifyMargin)
        {
            let a = Self.readable(candidates[0].intent)
            let b = Self.readable(candidates[1].intent)
            return RouteDecision(
                action: .clarify, queue: nil, clarifyingQuestion: "Do you mean \(a), or \(b)?",
                rule: "clarify.close-intents",
                reason: String(
                    format: "intents %@ (%.2f) and %@ (%.2f) are within %.2f", candidates[0].intent,
                    candidates[0].probability, candidates[1].intent, candidates[1].probability, policy.clarifyMargin),
                policyVersion: policy.version, input: input)
        }
        let inScope = input.intent.map { !$0.isOutOfScope } ?? true
        if let confidence = input.answerConfidence, confidence >= policy.answerConfidenceAtLeast, inScope {
            return RouteDecision(
                action: .selfService, queue: nil, clarifyingQuestion: nil, rule: "answer.confident",
                reason: String(
                    format: "the engine answered with confidence %.2f, at or above %.2f",
                    confidence, policy.answerConfidenceAtLeast),
                policyVersion: policy.version, input: input)
        }
        if !inScope {
            return person("fallback.out-of-scope", "the message is out of scope (\(input.intent?.reason ?? ""))")
        }
        return person(
            "fallback.no-answer",
            input.answerConfidence.map {
                String(format: "the answer's confidence %.2f is below %.2f", $0, policy.answerConfidenceAtLeast)
            } ?? "the engine could not answer from the documents")
    }

    /// The queue for this customer, and why.
    func chooseQueue(_ input: RouteInput) -> (String, String) {
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
        let ranked = policy.queues.enumerated().compactMap { i, q -> (Int, RoutePolicy.Queue, Int, Double)? in
            let m = matches(q)
            return m.fits ? (i, q, m.skills, Double(input.queueLoad[q.name] ?? 0) / Double(q.capacity)) : nil
        }.sorted { a, b in
            if a.2 != b.2 { return a.2 > b.2 }  // more matched skills
            if (a.3 < 1) != (b.3 < 1) { return a.3 < 1 }  // a queue with room
            if a.3 != b.3 { return a.3 < b.3 }  // less loaded
            return a.0 < b.0  // policy order
        }
        guard let best = ranked.first else {
            let fallback = policy.queues[0]
            return (
                fallback.name,
                "no queue matches the customer's language, plan and products: the first queue, \(fallback.name)"
            )
        }
        let load = input.queueLoad[best.1.name] ?? 0
        return (best.1.name, "queue \(best.1.name): \(best.2) matched skill(s), load \(load) of \(best.1.capacity)")
    }

    /// `order_status` → "order status".
    static func readable(_ intent: String) -> String { intent.replacingOccurrences(of: "_", with: " ") }
}
