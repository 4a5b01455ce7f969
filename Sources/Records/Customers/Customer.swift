import Foundation
import GroundedCore

/// A customer as the service knows them: their profile (what retrieval and answers may use),
/// free attributes and preferences, and every identity that leads to them.
public struct Customer: Sendable, Hashable, Codable {
    public var id: String
    public var profile: CustomerProfile
    /// Facts from events (`lastPaymentFailed`, `lastOrder`…), by name.
    public var attributes: [String: String]
    /// What they asked for (`channel: sms`, `language: en`…).
    public var preferences: [String: String]
    public var identities: [Identity]
    public var createdAt: Date
}
