import Foundation

/// An answer the QA scorer flagged, in the level-2 review queue: `open`, `assigned` to a
/// reviewer, then `resolved` with a person's verdict — which makes it a labelled example.
public struct ReviewItem: Sendable, Hashable, Codable {
    /// A reviewer's verdict on a flagged answer.
    public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
        /// The answer was right: the flag was a false alarm.
        case correct
        /// The answer was wrong or off target.
        case incorrect
        /// The answer could hurt the customer (wrong money, safety or legal advice).
        case harmful
    }

    public var answerID: String
    public var createdAt: Date
    /// The QA score, nil when the answer was not scoreable.
    public var score: Double?
    /// Why it was flagged, in words.
    public var reasons: [String]
    /// `open`, `assigned` or `resolved`.
    public var state: String
    public var assignee: String? = nil
    public var verdict: Verdict? = nil
    public var note: String? = nil
    public var resolvedBy: String? = nil
    public var resolvedAt: Date? = nil
}
