import Foundation

/// One thing a customer mentioned that an agent will need to look up — an order number, a date,
/// an amount, an email — with what kind it is (`order`, `date`, `amount`, `email`, `phone`).
public struct MentionedEntity: Sendable, Hashable, Codable {
    public var kind: String
    public var text: String

    public init(kind: String, text: String) {
        self.kind = kind
        self.text = text
    }
}
