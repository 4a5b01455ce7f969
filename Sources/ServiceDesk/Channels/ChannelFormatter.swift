import Engine

/// Writes a grounded answer (or a decline) for a channel. Formatting never changes a cited
/// sentence's words: citations stay exact in the response's `citations`, whatever the text shows.
///
/// Thread safety: a value; use it anywhere.
public struct ChannelFormatter: Sendable {
    /// Characters in one SMS (GSM-7, one segment).
    public static let smsLength = 160
    /// The most SMS messages one answer takes before the rest is left to the link.
    public var maxSMSMessages: Int = 3

    public init() {}

    /// The messages to send, in order: one for chat, email and voice; one to `maxSMSMessages`
    /// for SMS, each at most 160 characters, the last carrying `link`.
    public func messages(for answer: GroundedAnswer, channel: Channel, link: String) -> [String] {
        switch channel {
        case .chat:
            return [answer.message]
        case .email:
            guard answer.status == .answered else { return [answer.message] }
            let sources = answer.sentences.enumerated().map { i, s in
                "[\(i + 1)] \(s.citation.title): \"\(s.citation.quote)\""
            }
            return [answer.message + "\n\nSources:\n" + sources.joined(separator: "\n")]
        case .voice:
            return [Self.speakable(plain(answer))]
        case .sms:
            return sms(Self.collapsed(plain(answer)), link: link)
        }
    }

    /// The answer with no citation markers: greeting, then the sentences or the decline.
    func plain(_ answer: GroundedAnswer) -> String {
        guard answer.status == .answered else { return answer.message }
        let body = (answer.sentences.map(\.readableText) + [answer.unansweredNote, answer.closing].compactMap { $0 })
            .joined(separator: " ")
        return answer.greeting.map { "\($0) \(body)" } ?? body
    }

    /// Splits `text` at word boundaries into messages of at most 160 characters; the last one
    /// ends with the link (a text cut short says so with "…").
    func sms(_ text: String, link: String) -> [String] {
        let limit = Self.smsLength
        let tail = " " + link
        if text.count + tail.count <= limit { return [text + tail] }
        var messages: [String] = []
        var rest = Substring(text)
        while true {
            if rest.count + tail.count <= limit { return messages + [String(rest) + tail] }
            if messages.count == maxSMSMessages - 1 {
                return messages + [String(Self.prefix(rest, limit - tail.count - 1)) + "…" + tail]
            }
            let part = Self.prefix(rest, limit)
            messages.append(String(part))
            rest = rest.dropFirst(part.count).drop { $0 == " " }
            if rest.isEmpty { return messages + [link] }
        }
    }

    /// The longest prefix of at most `limit` characters that ends at a word boundary (or exactly
    /// `limit` characters when one word is longer).
    static func prefix(_ s: Substring, _ limit: Int) -> Substring {
        guard limit > 0 else { return s.prefix(0) }
        guard s.count > limit else { return s }
        let cut = s.prefix(limit)
        if let space = cut.lastIndex(of: " "), space > cut.startIndex {
            return s[s.startIndex..<space]
        }
        return cut
    }

    /// White space runs collapsed to one space.
    static func collapsed(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Text a speech engine reads well: no markup characters, bullets or URLs.
    static func speakable(_ s: String) -> String {
        let words = s.split(whereSeparator: { $0.isWhitespace }).filter { !$0.contains("://") && !$0.hasPrefix("www.") }
        let markup: Set<Character> = ["*", "_", "#", "`", "[", "]", "|", ">", "•", "<"]
        return String(words.joined(separator: " ").filter { !markup.contains($0) })
            .split(separator: " ").joined(separator: " ")
    }
}
