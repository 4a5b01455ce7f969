import Foundation
import GroundedCore

/// When the service reaches out first: rules over customer events, with throttling, quiet hours
/// and channel limits. Versioned; every outreach names the version and rule that proposed it.
public struct ProactivePolicy: Sendable, Hashable, Codable {
    /// One rule: on this event, tell the customer what the knowledge base says about this question.
    public struct Rule: Sendable, Hashable, Codable {
        public var id: String
        /// The event type that triggers it (`payment_failed`, `order_delayed`, `checkout_stuck`).
        public var event: String
        /// The opening line, before the grounded sentence.
        public var opening: String
        /// The question whose grounded answer the message carries.
        public var question: String
        /// `sms`, `email`, `chat` or `voice` (`Channel`); a customer's opt-out may move the
        /// message to another (`ContactPreferences.decide`).
        public var channel: String

        public init(id: String, event: String, opening: String, question: String, channel: String) {
            self.id = id
            self.event = event
            self.opening = opening
            self.question = question
            self.channel = channel
        }
    }

    public var version: String
    public var rules: [Rule]
    /// At most one outreach per customer in this many hours (a day: more reads as nagging).
    public var minimumHoursBetween: Double
    /// Quiet hours, local time: no message from `quietFrom` (hour, 0–23) until `quietUntil`; a
    /// message proposed inside them is scheduled for their end. 21:00–08:00 follows common
    /// telemarketing rules (the US TCPA allows 8:00–21:00).
    public var quietFrom: Int
    public var quietUntil: Int
    /// The customer's time zone by region (`GB` → `Europe/London`); others use `defaultTimeZone`.
    public var timeZones: [String: String]
    public var defaultTimeZone: String
    /// Characters per message by channel; SMS is one 160-character segment, voice about half a
    /// minute of speech.
    public var channelLimits: [String: Int]

    public init(
        version: String = "proactive-1", rules: [Rule] = ProactivePolicy.standardRules,
        minimumHoursBetween: Double = 24,
        quietFrom: Int = 21, quietUntil: Int = 8,
        timeZones: [String: String] = ["US": "America/New_York", "CA": "America/Toronto", "GB": "Europe/London"],
        defaultTimeZone: String = "UTC",
        channelLimits: [String: Int] = ["sms": 160, "chat": 1_000, "email": 10_000, "voice": 500]
    ) {
        self.version = version
        self.rules = rules
        self.minimumHoursBetween = minimumHoursBetween
        self.quietFrom = quietFrom
        self.quietUntil = quietUntil
        self.timeZones = timeZones
        self.defaultTimeZone = defaultTimeZone
        self.channelLimits = channelLimits
    }

    /// Characters a message may have on `channel`: its limit, or the smallest limit configured
    /// for a channel without one (a fallback channel must not carry more than any rule allows).
    public func characterLimit(for channel: Channel) -> Int {
        channelLimits[channel.rawValue] ?? channelLimits.values.min() ?? 160
    }

    /// The demo company's rules.
    public static let standardRules = [
        Rule(
            id: "payment-failed", event: "payment_failed", opening: "Your last payment didn't go through.",
            question: "What happens if a payment fails?", channel: "sms"),
        Rule(
            id: "order-delayed", event: "order_delayed", opening: "Your order is running late, sorry.",
            question: "What can I do if my order is late?", channel: "email"),
        Rule(
            id: "checkout-stuck", event: "checkout_stuck", opening: "Need a hand finishing your order?",
            question: "Which payment methods do you accept?", channel: "chat"),
    ]

    /// - Throws: `IntentDataError` naming the setting that cannot work.
    public func validate() throws {
        func fail(_ p: String) -> IntentDataError { IntentDataError(source: "proactive policy", problem: p) }
        if version.isEmpty { throw fail("version is empty") }
        if !(0...23).contains(quietFrom) || !(0...23).contains(quietUntil) {
            throw fail("quiet hours must be hours 0...23")
        }
        if minimumHoursBetween < 0 { throw fail("minimumHoursBetween must not be negative") }
        if TimeZone(identifier: defaultTimeZone) == nil { throw fail("unknown time zone \(defaultTimeZone)") }
        if let bad = timeZones.first(where: { TimeZone(identifier: $0.value) == nil }) {
            throw fail("unknown time zone \(bad.value) for \(bad.key)")
        }
        for rule in rules where Channel(rawValue: rule.channel) == nil {
            throw fail(
                "rule \(rule.id) uses channel \(rule.channel): use one of "
                    + Channel.allCases.map(\.rawValue).joined(separator: ", "))
        }
        for rule in rules where channelLimits[rule.channel] == nil {
            throw fail("rule \(rule.id) uses channel \(rule.channel), which has no limit in channelLimits")
        }
        if let bad = channelLimits.first(where: { $0.value <= 0 }) {
            throw fail("channelLimits \(bad.key) is \(bad.value): a limit must be positive")
        }
        if Set(rules.map(\.id)).count != rules.count { throw fail("rule ids must be unique") }
    }
}
