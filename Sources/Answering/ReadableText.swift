import Foundation

/// A cited span as a customer should read it: the span's words, without the markup of its source.
/// A table row (`| Express | 1 to 2 business days | $14.99 |`) reads as "Express: 1 to 2 business
/// days, $14.99"; Markdown emphasis, code marks and link syntax are dropped (`**45 days**` reads
/// "45 days", `[our form](https://…)` reads "our form (https://…)"). The citation keeps the span
/// exactly as the source has it; only what is shown changes.
///
/// Thread safety: stateless.
public enum ReadableText {
    public static func of(_ quote: String) -> String {
        let trimmed = quote.trimmingCharacters(in: .whitespacesAndNewlines)
        let row = tableRow(trimmed) ?? trimmed
        return collapse(unmarked(row))
    }

    /// `text` with Markdown's inline marks removed and nothing else changed (its spacing and line
    /// breaks stay), for showing a passage of a source around a cited span.
    public static func withoutMarks(_ text: String) -> String { unmarked(text) }

    /// `| a | b | c |` as "a: b, c"; nil when the text is not one table row.
    static func tableRow(_ text: String) -> String? {
        guard text.hasPrefix("|"), text.hasSuffix("|"), !text.contains("\n") else { return nil }
        let cells = text.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = cells.first else { return nil }
        return cells.count == 1 ? first : "\(first): " + cells.dropFirst().joined(separator: ", ")
    }

    /// Markdown's inline marks removed: `**`/`__` strong, `*`/`_` emphasis around words, code
    /// backticks, `[text](url)` links.
    static func unmarked(_ text: String) -> String {
        // Most sentences carry no mark at all: skip the regexes for them.
        var marks = (link: false, star: false, underscore: false, code: false)
        for c in text.utf8 {
            switch c {
            case UInt8(ascii: "["): marks.link = true
            case UInt8(ascii: "*"): marks.star = true
            case UInt8(ascii: "_"): marks.underscore = true
            case UInt8(ascii: "`"): marks.code = true
            default: continue
            }
        }
        var out = text
        if marks.link { out = out.replacing(/\[([^\]\n]+)\]\(([^)\s]+)\)/) { "\($0.output.1) (\($0.output.2))" } }
        if marks.star || marks.underscore {
            out = out.replacing(/\*\*(.+?)\*\*|__(.+?)__/) { String($0.output.1 ?? $0.output.2 ?? "") }
        }
        // Single marks only around words (not `snake_case`, not `2 * 3`): the character before the
        // mark is kept, as Swift's regexes have no lookbehind.
        if marks.star {
            out = out.replacing(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/) { "\($0.output.1)\($0.output.2)" }
        }
        if marks.underscore {
            out = out.replacing(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])/) { "\($0.output.1)\($0.output.2)" }
        }
        if marks.code { out = out.replacing(/`([^`\n]+)`/) { String($0.output.1) } }
        return out
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}

extension AnswerSentence {
    /// The sentence as a customer reads it (`ReadableText`); `text` stays the exact span.
    public var readableText: String { ReadableText.of(text) }
}
