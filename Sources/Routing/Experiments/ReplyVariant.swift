import Foundation
import GroundedCore

/// How an arm's replies differ from the standard reply: the greeting on or off, at most so many
/// sentences, a closing offer. Only what frames the answer changes; every sentence still cites its
/// source, and a closing offer is a question, which states nothing to cite.
public struct ReplyVariant: Sendable, Hashable, Codable {
    /// The customer's greeting ("Hi Sam.") when their profile consents to it. Default true.
    public var greeting: Bool
    /// At most this many answer sentences (1…5); nil: the engine's own number.
    public var maxSentences: Int?
    /// A question closing the reply ("Is there anything else I can help with?"); nil: none.
    public var closingOffer: String?

    public init(greeting: Bool = true, maxSentences: Int? = nil, closingOffer: String? = nil) {
        self.greeting = greeting
        self.maxSentences = maxSentences
        self.closingOffer = closingOffer
    }

    /// - Throws: `IntentDataError` naming the arm and what cannot work.
    public func validate(arm: String) throws {
        func fail(_ p: String) -> IntentDataError { IntentDataError(source: "experiment arm \(arm)", problem: p) }
        if let n = maxSentences, !(1...5).contains(n) { throw fail("maxSentences \(n) is not 1…5") }
        if let offer = closingOffer {
            let text = offer.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, text.count <= 160, text.hasSuffix("?") else {
                throw fail("closingOffer must be one question of at most 160 characters, ending with \"?\"")
            }
        }
    }
}
