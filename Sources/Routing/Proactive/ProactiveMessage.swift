/// Writes an outreach within its channel's limit: the rule's opening, then as many of the grounded
/// answer's sentences as fit whole, then the link to the full answer. A first sentence too long to
/// fit is cut at a word boundary and marked with "…"; the link is never cut.
public enum ProactiveMessage {
    public static func compose(opening: String, sentences: [String], limit: Int, link: String) -> String {
        let tail = link.isEmpty ? "" : " " + link
        var text = opening
        let room = limit - tail.count
        for (i, sentence) in sentences.enumerated() {
            let candidate = text + " " + sentence
            if candidate.count <= room {
                text = candidate
                continue
            }
            if i == 0 {
                var cut = ""
                for word in sentence.split(separator: " ") {
                    let next = cut.isEmpty ? String(word) : cut + " " + word
                    if (text + " " + next + "…").count > room { break }
                    cut = next
                }
                if !cut.isEmpty { text += " " + cut + "…" }
            }
            break
        }
        return String(text.prefix(max(0, room))) + tail
    }
}
