import Customers
import Engine
import Foundation

/// `POST /v1/answer`: a customer's message, the channel it came from, and optionally the
/// conversation so far and the customer's profile.
public struct AnswerRequest: Sendable, Codable {
    public var message: String
    /// Default `chat`.
    public var channel: Channel?
    /// Earlier turns, oldest first (not including `message`); they steer retrieval.
    public var conversation: [ConversationTurn]?
    /// The customer, for documents that apply to them and a greeting where they consent. With
    /// `customer`, these fields override the stored profile for this answer only.
    public var profile: CustomerProfile?
    /// Who is asking, by identity kind (`email`, `phone`, `device`, `account`, `session`) →
    /// value. With it, the stored profile is used and the exchange is recorded in the customer's
    /// current conversation, whose earlier turns (from any channel) steer retrieval.
    public var customer: [String: String]?

    /// - Throws: `APIError` (400) when the message is empty or longer than `maxCharacters`.
    func validate(maxCharacters: Int) throws {
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw APIError.badRequest("message is empty: send the customer's question as \"message\"") }
        guard message.count <= maxCharacters else {
            throw APIError.badRequest("message has \(message.count) characters, over the \(maxCharacters) accepted: send one question, not a document")
        }
        for (kind, value) in customer ?? [:] {
            guard Identity.Kind(rawValue: kind) != nil else {
                throw APIError.badRequest("unknown identity kind \"\(kind)\" in customer: use \(Identity.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw APIError.badRequest("customer.\(kind) is empty") }
        }
        for turn in conversation ?? [] where turn.text.count > maxCharacters {
            throw APIError.badRequest("a conversation turn has \(turn.text.count) characters, over the \(maxCharacters) accepted")
        }
    }
}

extension [String: String] {
    /// The identities a request names, in a fixed order.
    var identities: [Identity] {
        sorted { $0.key < $1.key }.compactMap { k, v in Identity.Kind(rawValue: k).map { Identity($0, v) } }
    }
}
