import Engine

/// What an agent sees for one customer message: knowledge snippets with their spans, a grounded
/// reply draft, and next-best actions — each with an id the agent's feedback refers to.
public struct AssistSuggestions: Sendable, Codable, Hashable {
    public struct Snippet: Sendable, Codable, Hashable {
        public var id: String
        public var documentID: String
        public var version: String
        public var title: String
        /// The chunk's span in its document: slicing the document's text gives `text`.
        public var start: Int
        public var end: Int
        public var text: String
        public var score: Double
        /// `public`, or `internal` for a passage written for agents only: it informs the agent and
        /// never goes into a customer-facing draft.
        public var audience: String
    }

    public struct Draft: Sendable, Codable, Hashable {
        public var id: String
        /// The reply with numbered citation markers, ready to insert.
        public var text: String
        public var citations: [AnswerResponse.Citation]
        public var confidence: Double
    }

    public struct Action: Sendable, Codable, Hashable {
        public var id: String
        public var actionID: String
        public var title: String
        public var score: Double
        public var reasons: [String]
    }

    public var conversationID: String
    /// The transcript turn (the customer's message) these are for.
    public var turn: Int
    public var message: String
    public var snippets: [Snippet]
    /// Nil when the documents support no reply (the agent writes their own).
    public var draft: Draft?
    public var actions: [Action]
    /// Time from the message to these suggestions, in milliseconds.
    public var milliseconds: Double
    /// Why these: sent only to a stream opened with `?explain=true`; never stored.
    public var explanation: AssistExplanation?

    /// The suggestions without their explanation.
    public var unexplained: AssistSuggestions {
        var s = self
        s.explanation = nil
        return s
    }
}
