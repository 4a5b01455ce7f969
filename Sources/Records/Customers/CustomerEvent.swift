import Foundation

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
