/// Whether a question points at something it does not name: "this library", "the actor", "does
/// it work?" asked first. Such a question, when the closest documents are about different
/// things, is asked back rather than answered about one of them (MTRAG-UN's UNDERSPECIFIED tasks).
///
/// A determiner ("this", "that", "these", "those", "the") followed by a word the conversation
/// has not used before is a cue; so is a pronoun in the first message of a conversation.
public struct ReferenceCue: Sendable, Hashable {
    /// The words that point ("this library"), or nil when the question names what it is about.
    public let phrase: String?

    static let determiners: Set<String> = ["this", "that", "these", "those", "the"]
    static let pronouns: Set<String> = ["it", "its", "he", "she", "his", "her", "him", "they", "them", "their"]
    /// Words after a determiner that do not name a thing ("that is", "the same", "the most").
    static let notNouns: Set<String> = [
        "is", "was", "are", "were", "be", "has", "have", "had", "does", "do", "did", "will", "would", "can", "could",
        "same", "most", "best", "first", "last", "next", "other", "only", "way", "one", "ones", "all", "s", "i",
        "you", "we", "they", "it", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "new", "main",
    ]

    /// - Parameters:
    ///   - question: the latest message.
    ///   - earlier: the conversation's earlier turns, joined.
    public init(_ question: String, earlier: String) {
        let words = Self.words(question)
        let before = Set(Self.words(earlier).map(Self.stem))
        var found: String?
        for (i, w) in words.enumerated() where i + 1 < words.count && Self.determiners.contains(w) {
            let next = words[i + 1]
            guard next.count >= 3, !Self.notNouns.contains(next), next.first?.isLetter == true else { continue }
            if !before.contains(Self.stem(next)) {
                found = w + " " + next
                break
            }
        }
        if found == nil, before.isEmpty, let pronoun = words.first(where: Self.pronouns.contains) { found = pronoun }
        phrase = found
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// The first five letters: "libraries" and "library" are the same thing for this purpose.
    static func stem(_ word: String) -> String { String(word.prefix(5)) }
}
