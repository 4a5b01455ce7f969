import Foundation
import GroundedCore

/// A customer as the service knows them: their profile (what retrieval and answers may use),
/// free attributes and preferences, and every identity that leads to them.
public struct Customer: Sendable, Hashable, Codable {
    public var id: String
    public var profile: CustomerProfile
    /// Facts from events (`lastPaymentFailed`, `lastOrder`…), by name.
    public var attributes: [String: String]
    /// What they asked for (`sms: opted-out`, `preferredChannel: email`, `language: en`…); the
    /// contact settings among them are read by `contact`.
    public var preferences: [String: String]
    public var identities: [Identity]
    public var createdAt: Date
}

extension Customer {
    /// The customer's channel opt-outs and preferred channel (`ContactPreferences`).
    public var contact: ContactPreferences { ContactPreferences(preferences) }
}
