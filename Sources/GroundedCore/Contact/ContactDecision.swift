/// The channel a message goes out on, and why: the one asked for when the customer allows it,
/// else their preferred channel if allowed, else in-app (`chat`) if allowed, else none.
public struct ContactDecision: Sendable, Hashable, Codable {
    public var purpose: ContactPurpose
    /// The channel the message was meant for (the rule's, the request's, the conversation's).
    public var requested: Channel
    /// The channel it goes out on; nil when the customer allows none (nothing is sent).
    public var channel: Channel?
    public var reason: String

    public init(purpose: ContactPurpose, requested: Channel, channel: Channel?, reason: String) {
        self.purpose = purpose
        self.requested = requested
        self.channel = channel
        self.reason = reason
    }
}
