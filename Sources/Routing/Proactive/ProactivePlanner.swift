import Foundation
import GroundedCore

/// Decides whether an event about a customer should start an outreach, and when: the rule for the
/// event, consent to proactive messages (no consent, no message — checked here, inside the
/// decision), the per-customer throttle, and quiet hours in the customer's time zone.
///
/// Thread safety: a value; use it anywhere.
public struct ProactivePlanner: Sendable {
    public let policy: ProactivePolicy

    /// - Throws: `IntentDataError` for an invalid policy.
    public init(policy: ProactivePolicy = .init()) throws {
        try policy.validate()
        self.policy = policy
    }

    /// The decision for one event.
    public struct Decision: Sendable, Hashable, Codable {
        public let send: Bool
        public let rule: ProactivePolicy.Rule?
        /// When to send: now, or the end of quiet hours.
        public let sendAt: Date?
        /// Characters the message may have on its channel.
        public let characterLimit: Int?
        public let reason: String
        public let policyVersion: String
        /// The channel the message goes out on and why (the rule's, or a fallback after an
        /// opt-out); nil when the decision stopped before the channel was chosen.
        public var contact: ContactDecision? = nil
        /// The channel to send on, when `send`.
        public var channel: Channel? { send ? contact?.channel : nil }
    }

    /// - Parameters:
    ///   - consents: whether the customer allows proactive messages.
    ///   - region: the customer's region, for their time zone.
    ///   - lastOutreach: when the customer was last messaged first, if ever.
    ///   - contact: the customer's channel opt-outs and preferred channel: the rule's channel when
    ///     allowed for proactive messages, else the fallback `ContactPreferences.decide` names.
    public func decide(
        event: String, consents: Bool, region: String?, lastOutreach: Date?, now: Date,
        contact: ContactPreferences = ContactPreferences()
    ) -> Decision {
        func no(_ reason: String, _ rule: ProactivePolicy.Rule? = nil) -> Decision {
            Decision(
                send: false, rule: rule, sendAt: nil, characterLimit: nil, reason: reason, policyVersion: policy.version
            )
        }
        guard let rule = policy.rules.first(where: { $0.event == event }) else {
            return no("no rule for event \(event)")
        }
        guard consents else { return no("the customer has not consented to proactive messages", rule) }
        if let last = lastOutreach, now.timeIntervalSince(last) < policy.minimumHoursBetween * 3600 {
            return no(
                String(
                    format: "throttled: messaged %.1f h ago, the policy allows one per %.0f h",
                    now.timeIntervalSince(last) / 3600, policy.minimumHoursBetween), rule)
        }
        // `validate()` made sure every rule names a channel.
        let choice = contact.decide(.proactive, requested: Channel(rawValue: rule.channel)!)
        guard let channel = choice.channel else {
            var refused = no("rule \(rule.id) on \(event): \(choice.reason)", rule)
            refused.contact = choice
            return refused
        }
        let zone = TimeZone(identifier: region.flatMap { policy.timeZones[$0.uppercased()] } ?? policy.defaultTimeZone)!
        let sendAt = quietEnd(after: now, in: zone)
        let limit = policy.characterLimit(for: channel)
        let when = sendAt == now ? "now" : "at the end of quiet hours (\(policy.quietUntil):00 \(zone.identifier))"
        let by = channel.rawValue == rule.channel ? "by \(rule.channel)" : "by \(channel.rawValue) (\(choice.reason))"
        var decision = Decision(
            send: true, rule: rule, sendAt: sendAt, characterLimit: limit,
            reason:
                "rule \(rule.id) on \(event): consented, not messaged in \(Int(policy.minimumHoursBetween)) h; send "
                + "\(when) \(by)",
            policyVersion: policy.version)
        decision.contact = choice
        return decision
    }

    /// `now` when it is outside quiet hours in `zone`, else the next `quietUntil` o'clock there.
    func quietEnd(after now: Date, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let hour = calendar.component(.hour, from: now)
        let quiet =
            policy.quietFrom > policy.quietUntil
            ? (hour >= policy.quietFrom || hour < policy.quietUntil)
            : (hour >= policy.quietFrom && hour < policy.quietUntil)
        guard quiet else { return now }
        let today = calendar.date(bySettingHour: policy.quietUntil, minute: 0, second: 0, of: now)!
        return today > now ? today : calendar.date(byAdding: .day, value: 1, to: today)!
    }
}
