import Foundation

/// An answer the QA scorer flagged, waiting for a person to look at it.
public struct ReviewItem: Sendable, Hashable, Codable {
    public var answerID: String
    public var createdAt: Date
    /// The QA score, nil when the answer was not scoreable.
    public var score: Double?
    /// Why it was flagged, in words.
    public var reasons: [String]
    /// `open` until a reviewer closes it.
    public var state: String
}
