import Foundation

/// One piece of feedback: on what, by whom, and what they said or did.
public struct FeedbackRecord: Sendable, Hashable, Codable {
    public enum TargetKind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An answer sent (`ans_…`); its rating counts for every chunk it cited.
        case answer
        /// An agent suggestion (`sug_…`).
        case suggestion
        /// A chunk span (`documentID@version[start, end)`).
        case chunk
        /// A next-best action or an approved reply variant, by id.
        case action
        case variant
    }
    public enum Rating: String, Sendable, Hashable, Codable { case up, down }
    public enum Outcome: String, Sendable, Hashable, Codable { case used, edited, ignored }

    public var id: String
    public var at: Date
    public var targetKind: TargetKind
    public var targetID: String
    /// The kind of question it was about (an intent); "" when unknown.
    public var questionKind: String
    /// What the caller said of themselves (a note, never who votes; may be empty).
    public var who: String
    /// Who votes: the authenticated principal, `person` and role (`kim@example.com (agent)`);
    /// one voter has one rating per target.
    public var voter: String
    /// The voter's role, which weighs the vote (`FeedbackPolicy.weights`).
    public var voterRole: String
    public var rating: Rating?
    public var outcome: Outcome?
    public var text: String?

    public init(
        id: String = ServiceStore.makeID("fbk_"), at: Date = Date(), targetKind: TargetKind, targetID: String,
        questionKind: String = "", who: String = "", voter: String, voterRole: String, rating: Rating? = nil,
        outcome: Outcome? = nil, text: String? = nil
    ) {
        self.id = id
        self.at = at
        self.targetKind = targetKind
        self.targetID = targetID
        self.questionKind = questionKind
        self.who = who
        self.voter = voter
        self.voterRole = voterRole
        self.rating = rating
        self.outcome = outcome
        self.text = text
    }
}
