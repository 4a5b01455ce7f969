import Foundation
import Retrieval

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

/// Something that happened to a customer, reported by another system (`POST /v1/events`).
///
/// Known types change the profile at once: `plan_changed` (`plan`), `product_purchased` and
/// `order_placed` (`product`), `consent_given` / `consent_withdrawn` (`purpose`),
/// `profile_updated` (`name`, `region`, `locale`, `customerSince`), `preference_set` (any key).
/// Every event, known or not, is recorded and its data kept as attributes
/// (`<type>.<key>`), so rules can read them.
public struct CustomerEvent: Sendable, Hashable, Codable {
    public var type: String
    public var data: [String: String]
    public var at: Date

    public init(type: String, data: [String: String] = [:], at: Date = Date()) {
        self.type = type
        self.data = data
        self.at = at
    }
}

/// A request about customers that cannot be carried out, and why.
public struct CustomerError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
