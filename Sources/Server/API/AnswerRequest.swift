import Engine

/// `POST /v1/answer`: a customer's message, the channel it came from, and optionally the
/// conversation so far and the customer's profile.
public struct AnswerRequest: Sendable, Codable {
    public var message: String
    /// Default `chat`.
    public var channel: Channel?
    /// Earlier turns, oldest first (not including `message`); they steer retrieval.
    public var conversation: [ConversationTurn]?
    /// The customer, for documents that apply to them and a greeting where they consent.
    public var profile: CustomerProfile?

    /// - Throws: `APIError` (400) when the message is empty or longer than `maxCharacters`.
    func validate(maxCharacters: Int) throws {
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw APIError.badRequest("message is empty: send the customer's question as \"message\"") }
        guard message.count <= maxCharacters else {
            throw APIError.badRequest("message has \(message.count) characters, over the \(maxCharacters) accepted: send one question, not a document")
        }
        for turn in conversation ?? [] where turn.text.count > maxCharacters {
            throw APIError.badRequest("a conversation turn has \(turn.text.count) characters, over the \(maxCharacters) accepted")
        }
    }
}
