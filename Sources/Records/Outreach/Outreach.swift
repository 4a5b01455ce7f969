import Foundation
import GroundedCore

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
    /// Why it goes out on `channel`: the rule's channel, or the fallback after an opt-out. Nil in
    /// outreach recorded before opt-outs were honoured.
    public var contact: ContactDecision?

    public init(
        id: String = ServiceStore.makeID("out_"), customerID: String, rule: String, policyVersion: String,
        channel: String,
        text: String, citations: [String], createdAt: Date, sendAt: Date, reason: String,
        contact: ContactDecision? = nil
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
        self.contact = contact
    }
}
