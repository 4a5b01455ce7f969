/// Why the service sends a customer a message, for opt-outs that name a purpose
/// (`"sms.proactive": "opted-out"`).
public enum ContactPurpose: String, Sendable, Hashable, Codable, CaseIterable {
    /// Outreach the service starts after an event (a failed payment, a late order).
    case proactive
    /// An answer sent to the customer for a question they asked.
    case answer
    /// A person's reply after a conversation was handed over.
    case followUp = "follow-up"
}
