import Foundation

/// A message the service proposes to send first, grounded in the knowledge base.
public struct Outreach: Sendable, Hashable, Codable {
    public var id: String
    public var customerID: String
    public var rule: String
    public var policyVersion: String
    public var channel: String
    public var text: String
    /// The spans the grounded sentence quotes (`documentID@version[start, end)`).
    public var citations: [String]
    public var createdAt: Date
    public var sendAt: Date
    /// Why it was proposed (the planner's reason).
    public var reason: String

    public init(
        id: String = ServiceStore.makeID("out_"), customerID: String, rule: String, policyVersion: String,
        channel: String,
        text: String, citations: [String], createdAt: Date, sendAt: Date, reason: String
    ) {
        self.id = id
        self.customerID = customerID
        self.rule = rule
        self.policyVersion = policyVersion
        self.channel = channel
        self.text = text
        self.citations = citations
        self.createdAt = createdAt
        self.sendAt = sendAt
        self.reason = reason
    }
}
