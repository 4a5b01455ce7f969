/// Why the engine declined, as a stable code a channel or a report can branch on
/// (`GroundedAnswer.declineReason` says the same in words, with the numbers).
public enum DeclineCode: String, Sendable, Codable, Hashable, CaseIterable {
    /// The question has no word the index searches for.
    case noSearchableWords = "no-searchable-words"
    /// No document the filter admits matches the question.
    case noMatchingDocument = "no-matching-document"
    /// The closest documents hold no sentence that could answer.
    case noAnsweringSentence = "no-answering-sentence"
    /// The answerability model gives the best sentence too low a probability of helping.
    case unlikelyToHelp = "unlikely-to-help"
    /// The closest sources share too few of the question's terms.
    case lowCoverage = "low-coverage"
    /// The best supporting sentence scores below the decline threshold.
    case lowScore = "low-score"
    /// The question asks for an amount and no matching source names one.
    case noAmount = "no-amount"
    /// No citation could be verified against its source.
    case unverifiable
}
