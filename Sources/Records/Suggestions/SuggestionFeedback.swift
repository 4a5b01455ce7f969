/// What an agent did with a suggestion.
public enum SuggestionFeedback: String, Sendable, Hashable, Codable, CaseIterable {
    case used, edited, ignored
    case thumbsUp = "thumbs-up"
    case thumbsDown = "thumbs-down"
}
