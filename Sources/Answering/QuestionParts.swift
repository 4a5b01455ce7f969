import Foundation

/// The questions in one message: "How much does Lumen Plus cost, and can I cancel anytime?" is
/// two. A message splits at sentence ends and at "and" (or ", and") followed by a question word
/// or an auxiliary ("and can I…", "and how much…"), never at a bare comma ("If I change my
/// mind, how many days…" is one question) nor at "and" between nouns ("Canada and Mexico").
/// Pieces that do not ask anything ("I checked that, it has power.") lead into the next piece.
/// A message with fewer than two questions is one part: itself.
public enum QuestionParts {
    /// Words that start a question answered yes or no.
    static let auxiliaries: Set<String> = [
        "can", "could", "do", "does", "did", "is", "are", "will", "would", "should", "may", "might", "must", "am",
        "was", "were", "has", "have", "had", "shall",
    ]
    /// Words that start a question.
    static let openers: Set<String> = auxiliaries.union([
        "how", "what", "what's", "whats", "when", "where", "why", "which", "who",
    ])

    /// Whether `question` asks to be answered yes or no: its first word, after any that only join
    /// it to a previous one ("and can I…"), is an auxiliary.
    static func asksYesOrNo(_ question: String) -> Bool {
        words(question).first { !fillers.contains($0) }.map(auxiliaries.contains) ?? false
    }
    /// Words before a question that only join it to the previous one.
    static let fillers: Set<String> = ["and", "also", "plus", "ok", "okay", "oh", "so", "then", "but"]

    /// The message's questions in order, each with any statement before it; `[message]` when it
    /// asks at most one thing.
    public static func split(_ message: String) -> [String] {
        var pieces: [String] = []
        for sentence in sentences(message) { pieces += clauses(sentence) }
        guard pieces.filter(isQuestion).count >= 2 else { return [message] }
        var parts: [String] = []
        var lead: [String] = []
        for piece in pieces {
            if isQuestion(piece) {
                parts.append((lead + [piece]).joined(separator: " "))
                lead = []
            } else {
                lead.append(piece)
            }
        }
        if !lead.isEmpty, !parts.isEmpty { parts[parts.count - 1] += " " + lead.joined(separator: " ") }
        return parts
    }

    /// The message with only the pieces that ask something, in order ("This is the third time I'm
    /// asking. How long do I have to return an item?" → "How long do I have to return an item?");
    /// nil when no piece asks anything or every piece does (nothing to drop).
    public static func questionsOnly(_ message: String) -> String? {
        var pieces: [String] = []
        for sentence in sentences(message) { pieces += clauses(sentence) }
        let asking = pieces.filter(isQuestion)
        guard !asking.isEmpty, asking.count < pieces.count else { return nil }
        return asking.joined(separator: " ")
    }

    /// The message from each later sentence on ("I've had enough. My bulb buzzes when dimmed." →
    /// "My bulb buzzes when dimmed."), latest first removed last: what is left when an opening
    /// that asks nothing is dropped. Empty for a message of one sentence.
    public static func laterSentences(_ message: String) -> [String] {
        let all = sentences(message)
        return all.indices.dropFirst().map { all[$0...].joined(separator: " ") }
    }

    /// Whether a piece asks something: it ends with "?" or starts with a question word.
    static func isQuestion(_ piece: String) -> Bool {
        piece.hasSuffix("?") || words(piece).first.map(openers.contains) == true
    }

    /// Sentences, split after ".", "?" or "!" followed by a space.
    static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previous: Character?
        for c in text {
            if c == " ", let p = previous, ".?!".contains(p), !current.isEmpty {
                out.append(current)
                current = ""
            } else {
                current.append(c)
            }
            previous = c
        }
        out.append(current)
        return out.map(trimmed).filter { !$0.isEmpty }
    }

    /// A sentence split before "and" or ", and" when a question word follows it.
    static func clauses(_ sentence: String) -> [String] {
        let tokens = sentence.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var out: [String] = []
        var current: [String] = []
        for (i, t) in tokens.enumerated() {
            let bare = t.lowercased().trimmingCharacters(in: .punctuationCharacters)
            if bare == "and", !current.isEmpty, i + 1 < tokens.count,
                openers.contains(tokens[i + 1].lowercased().trimmingCharacters(in: .punctuationCharacters))
            {
                out.append(current.joined(separator: " "))
                current = []
                continue
            }
            current.append(t)
        }
        out.append(current.joined(separator: " "))
        return out.map(trimmed).filter { !$0.isEmpty }
    }

    /// Without fillers at the start ("Also, do you…" → "do you…") or a trailing comma.
    static func trimmed(_ piece: String) -> String {
        var tokens = piece.split(separator: " ").map(String.init)
        while tokens.count > 1, fillers.contains(tokens[0].lowercased().trimmingCharacters(in: .punctuationCharacters))
        {
            tokens.removeFirst()
        }
        var out = tokens.joined(separator: " ")
        while out.hasSuffix(",") || out.hasSuffix(";") { out.removeLast() }
        return out
    }

    static func words(_ piece: String) -> [String] {
        piece.lowercased().split { !($0.isLetter || $0 == "'") }.map(String.init)
    }
}
