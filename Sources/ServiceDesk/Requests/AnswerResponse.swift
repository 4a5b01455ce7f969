import Answering
import Engine

/// What `POST /v1/answer` returns: the answer written for the channel, with every citation's
/// exact span, or a decline that hands the customer to a person.
public struct AnswerResponse: Sendable, Codable {
    /// One numbered citation: slicing the document's text at `[start, end)` gives `quote`. The
    /// engine's own `Citation`, numbered (`number` is always set in a response).
    public typealias Citation = GroundedCore.Citation

    /// The fact a question for a time, an amount or a number asks for ("45 days"), an exact span
    /// of the document inside citation `citation` (`GroundedAnswer.shortAnswer`).
    public struct ShortAnswer: Sendable, Codable, Hashable {
        public var text: String
        public var citation: Int
        public var start: Int
        public var end: Int

        init?(_ answer: GroundedAnswer, citations: [Citation]) {
            guard let s = answer.shortAnswer,
                let c = citations.first(where: {
                    $0.documentID == s.documentID && $0.version == s.version
                        && $0.start <= s.start && s.end <= $0.end
                }),
                let number = c.number
            else { return nil }
            (text, citation, start, end) = (s.quote, number, s.start, s.end)
        }
    }

    /// Answered from the documents, declined (offering a person, or handing over), asked back
    /// (`clarify`: the question fits several products or documents, listed in `options`), or with
    /// a person already (the bot stays quiet).
    public enum Status: String, Sendable, Codable, Hashable {
        case answered, declined, clarify
        case handedOff = "handed-off"
    }

    /// Why a person takes over, and the handoff they pick it up from (`GET /v1/handoffs/{id}`),
    /// when the request named a customer.
    public struct Handoff: Sendable, Codable, Hashable {
        public var reason: String
        public var id: String?
    }

    public var id: String
    public var status: Status
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
    /// With `clarify`: what the customer may mean (product names or document titles), in the
    /// order the question asks them, for a channel to offer as choices; nil otherwise.
    public var options: [String]?
    /// With `answered`, when the question asks for a short fact: the fact alone; nil otherwise.
    public var shortAnswer: ShortAnswer?
    /// Where the customer can read the full answer with its sources highlighted (`GET /a/{id}`;
    /// the archived JSON is `GET /v1/answers/{id}`).
    public var link: String
    /// With a known customer: the channel the reply goes out on and why — the request's channel,
    /// unless the customer opted out of it for answers (then `channel` and `messages` are written
    /// for the fallback, and `messages` is empty when nothing may be sent).
    public var delivery: ContactDecision?
    /// With a running experiment and a known customer: the arm the reply came from.
    public var experiment: ServedArm?
    /// The customer and conversation the exchange was recorded in, when the request named one.
    public var customerID: String?
    public var conversationID: String?
    /// Why, when the request asked (`"explain": true`); never archived with the answer.
    public var explanation: AnswerExplanation?

    init(id: String, answer: GroundedAnswer, channel: Channel, messages: [String], link: String) {
        self.id = id
        switch answer.status {
        case .answered: status = .answered
        case .declined: status = .declined
        case .clarify: status = .clarify
        }
        self.channel = channel
        self.messages = messages
        text = answer.message
        confidence = answer.confidence
        citations = answer.numberedCitations
        verified = answer.verified
        options = answer.status == .clarify ? answer.options : nil
        shortAnswer = answer.status == .answered ? ShortAnswer(answer, citations: citations) : nil
        handoff = answer.status == .declined ? Handoff(reason: answer.declineReason ?? "no supported answer") : nil
        self.link = link
    }
}

extension AnswerResponse {
    /// A reply that is not an answer: the conversation is (now) with a person.
    init(id: String, handedOff message: String, channel: Channel, reason: String, handoffID: String?, link: String) {
        self.id = id
        status = .handedOff
        self.channel = channel
        messages = [message]
        text = message
        confidence = 0
        citations = []
        verified = true
        handoff = Handoff(reason: reason, id: handoffID)
        self.link = link
    }
}
