import Customers
import Engine
import Foundation
import Knowledge
import Records

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
    /// Answer from the document versions in effect on this `YYYY-MM-DD` date (default: today).
    public var asOf: String?
    /// Also return why: each source's retriever ranks and scores, each sentence's features (what
    /// `grounded ask --explain` prints).
    public var explain: Bool?

    /// - Throws: `InvalidServiceRequest` when the message is empty or longer than `maxCharacters`.
    public func validate(maxCharacters: Int) throws {
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw InvalidServiceRequest("message is empty: send the customer's question as \"message\"")
        }
        guard message.count <= maxCharacters else {
            throw InvalidServiceRequest(
                "message has \(message.count) characters, over the \(maxCharacters) accepted: send one question, not a "
                    + "document"
            )
        }
        try Self.validate(identities: customer ?? [:])
        if let asOf, !EffectiveDate.isValid(asOf) {
            throw InvalidServiceRequest("field asOf: expected a date as YYYY-MM-DD, got `\(String(asOf.prefix(40)))`")
        }
        if let since = profile?.customerSince, !EffectiveDate.isValid(since) {
            throw InvalidServiceRequest(
                "field profile.customerSince: expected a date as YYYY-MM-DD, got `\(String(since.prefix(40)))`")
        }
        for turn in conversation ?? [] where turn.text.count > maxCharacters {
            throw InvalidServiceRequest(
                "a conversation turn has \(turn.text.count) characters, over the \(maxCharacters) accepted")
        }
    }
}

extension AnswerRequest {
    /// - Throws: `InvalidServiceRequest` naming `customer.<kind>` when a kind is unknown or a value is not
    ///   usable for its kind (`Identity.problem`).
    public static func validate(identities: [String: String]) throws {
        for (kind, value) in identities.sorted(by: { $0.key < $1.key }) {
            guard let known = Identity.Kind(rawValue: kind) else {
                throw InvalidServiceRequest(
                    "unknown identity kind \"\(String(kind.prefix(40)))\" in customer: use "
                        + Identity.Kind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if let problem = Identity.problem(known, value) {
                throw InvalidServiceRequest("field customer.\(kind) \(problem)")
            }
        }
    }
}

extension [String: String] {
    /// The identities a request names, in a fixed order; a phone number without its country code
    /// is read in `phoneRegion`.
    public func identities(phoneRegion: PhoneRegion) -> [Identity] {
        sorted { $0.key < $1.key }.compactMap { k, v in
            Identity.Kind(rawValue: k).map { Identity($0, v, phoneRegion: phoneRegion) }
        }
    }
}
