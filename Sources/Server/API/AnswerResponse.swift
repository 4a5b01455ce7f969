import Engine

/// What `POST /v1/answer` returns: the answer written for the channel, with every citation's
/// exact span, or a decline that hands the customer to a person.
public struct AnswerResponse: Sendable, Codable {
    /// One numbered citation: slicing the document's text at `[start, end)` gives `quote`.
    public struct Citation: Sendable, Codable, Hashable {
        public var number: Int
        public var documentID: String
        public var version: String
        public var title: String
        public var start: Int
        public var end: Int
        public var quote: String
    }

    /// Why a person should take over, when the engine declined.
    public struct Handoff: Sendable, Codable, Hashable {
        public var reason: String
    }

    public var id: String
    public var status: GroundedAnswer.Status
    public var channel: Channel
    /// The text to send, in order (SMS may take several messages).
    public var messages: [String]
    /// The whole answer with numbered citation markers (what chat shows).
    public var text: String
    public var confidence: Double
    public var citations: [Citation]
    /// Every citation was checked against its source before the answer left.
    public var verified: Bool
    public var handoff: Handoff?
    /// Where the full answer can be read (`GET /v1/answers/{id}`).
    public var link: String
    /// The customer and conversation the exchange was recorded in, when the request named one.
    public var customerID: String?
    public var conversationID: String?

    init(id: String, answer: GroundedAnswer, channel: Channel, messages: [String], link: String) {
        self.id = id
        status = answer.status
        self.channel = channel
        self.messages = messages
        text = answer.message
        confidence = answer.confidence
        citations = answer.sentences.enumerated().map { i, s in
            Citation(number: i + 1, documentID: s.citation.documentID, version: s.citation.version, title: s.citation.title,
                     start: s.citation.start, end: s.citation.end, quote: s.citation.quote)
        }
        verified = answer.verified
        handoff = answer.status == .declined ? Handoff(reason: answer.declineReason ?? "no supported answer") : nil
        self.link = link
    }
}
