import Foundation

/// One sentence of a handoff summary and where it comes from.
public struct SummarySentence: Sendable, Hashable, Codable {
    /// `who`, `intent`, `tried`, `sentiment`, `signals`, `entities`, `open`, `reason`.
    public var topic: String
    public var text: String
    /// Indexes of the transcript turns it summarises.
    public var turns: [Int]
    /// Document spans it relies on (`documentID@version[start, end)`), or `profile`.
    public var sources: [String]

    public init(topic: String, text: String, turns: [Int], sources: [String]) {
        self.topic = topic
        self.text = text
        self.turns = turns
        self.sources = sources
    }
}
