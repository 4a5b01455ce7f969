/// Where a customer asked, which decides how an answer is written back.
public enum Channel: String, Sendable, Codable, CaseIterable {
    /// Web or in-app chat: sentences with numbered citation markers, sources listed.
    case chat
    /// Email: the answer, then a numbered list of sources with their quotes.
    case email
    /// SMS: plain text in messages of at most 160 characters, the last linking to the full answer.
    case sms
    /// Voice (text to speech): plain sentences, no markers, no markup, no links.
    case voice
}

extension Channel {
    /// Decodes a channel name, naming the supported ones when it is not one of them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let channel = Channel(rawValue: name.lowercased()) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    "unsupported channel \"\(name)\": use \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = channel
    }
}
