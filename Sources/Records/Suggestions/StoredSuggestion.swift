/// A suggestion as stored: which conversation and turn it was made for, its kind (`snippet`,
/// `draft`, `action`), the action it offered, and its JSON.
public struct StoredSuggestion: Sendable, Hashable {
    public var id: String
    public var conversationID: String
    public var turn: Int
    public var kind: String
    /// For an `action` suggestion, the catalogue id of the next-best action it offered.
    public var actionID: String?
    /// The suggestion as shown, as JSON: returned as stored; the store never reads inside it.
    public var body: String

    public init(id: String, conversationID: String, turn: Int, kind: String, actionID: String? = nil, body: String) {
        self.id = id
        self.conversationID = conversationID
        self.turn = turn
        self.kind = kind
        self.actionID = actionID
        self.body = body
    }
}
