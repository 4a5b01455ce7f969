/// A suggestion as stored: which conversation and turn it was made for, its kind (`snippet`,
/// `draft`, `action`) and its JSON.
public struct StoredSuggestion: Sendable, Hashable {
    public var id: String
    public var conversationID: String
    public var turn: Int
    public var kind: String
    public var body: String

    public init(id: String, conversationID: String, turn: Int, kind: String, body: String) {
        self.id = id
        self.conversationID = conversationID
        self.turn = turn
        self.kind = kind
        self.body = body
    }
}
