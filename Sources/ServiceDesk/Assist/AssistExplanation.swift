import Answering

/// Why an agent sees these suggestions: the explanation of the draft's answer (what it was made
/// from, the passages and sentences weighed with their scores, a decline's code), and every
/// next-best action ranked with its score and reasons, the three shown first.
public struct AssistExplanation: Sendable, Codable, Hashable {
    public var draft: AnswerExplanation
    /// Every action the catalogue ranked, best first (the suggestions show the first three).
    public var actions: [RankedAction]

    public init(draft: AnswerExplanation, actions: [RankedAction]) {
        self.draft = draft
        self.actions = actions
    }
}
