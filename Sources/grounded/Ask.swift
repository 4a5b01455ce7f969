import ArgumentParser
import CommandLineOptions
import Engine
import Foundation

struct Ask: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Answer a question with cited sentences, or decline when the knowledge base does not say.")

    @Argument(help: "The question.")
    var question: String

    @OptionGroup var index: IndexOptions
    @OptionGroup var filters: FilterOptions

    @Flag(name: .long, help: "Print the answer as JSON.")
    var json = false

    @Flag(name: .long, help: "Also say why: each source's retriever ranks and scores, each sentence's features.")
    var explain = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The conversation before the question (JSON: [{\"role\": \"user\" or \"agent\", \"text\": …}], oldest "
                + "first), so that a follow-up (\"and if it's the yearly one?\") is read in context.",
            valueName: "file"))
    var conversation: String?

    func run() throws {
        try reportingErrors {
            let earlier = try conversation.map(Self.turns(from:)) ?? []
            let engine = try index.engine(retrieval: filters.retrieval)
            let answer = try engine.ask(
                conversation: earlier + [ConversationTurn(role: .user, text: question)],
                filter: filters.retrievalFilter())
            if json {
                try printJSON(answer)
                return
            }
            print(Self.describe(answer))
            if explain { print(AnswerExplanation(answer).text) }
        }
    }

    /// The turns of a conversation file.
    /// - Throws: `ValidationError` naming the file and what is wrong with it.
    static func turns(from path: String) throws -> [ConversationTurn] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ValidationError("cannot read the conversation file \(path): \(error.localizedDescription)")
        }
        do { return try JSONDecoder().decode([ConversationTurn].self, from: data) } catch let error as DecodingError {
            throw ValidationError(
                "\(path) is not a conversation: \(error.fieldDescription); write [{\"role\": \"user\", \"text\": "
                    + "\"…\"}, {\"role\": \"agent\", \"text\": \"…\"}]"
            )
        }
    }

    static func describe(_ a: GroundedAnswer) -> String {
        var lines = ["Q: \(a.question)"]
        if !a.rewrites.isEmpty {
            lines.append("   (read as: " + a.rewrites.map { "\($0.typed) → \($0.read)" }.joined(separator: ", ") + ")")
        }
        lines += ["", a.message, ""]
        if a.status == .answered {
            lines.append("Sources:")
            for (i, s) in a.sentences.enumerated() {
                let c = s.citation
                lines.append("  [\(i + 1)] \(c.title) (\(c.documentID) v\(c.version)) [\(c.start), \(c.end))")
            }
            if let short = a.shortAnswer,
                let n = a.sentences.firstIndex(where: {
                    $0.citation.documentID == short.documentID
                        && $0.citation.start <= short.start && short.end <= $0.citation.end
                })
            {
                lines.append("In short: \(short.quote) [\(n + 1)] [\(short.start), \(short.end))")
            }
            lines.append(
                String(
                    format: "confidence %.2f · %@", a.confidence,
                    a.verified ? "every citation verified against its source" : "unverified"))
        } else {
            lines.append(String(format: "declined (confidence %.2f): %@", a.confidence, a.declineReason ?? ""))
            if !a.sources.isEmpty {
                lines.append(
                    "Closest sources: "
                        + a.sources.map { "\($0.title) (\($0.documentID) v\($0.documentVersion))" }.joined(
                            separator: "; "))
            }
        }
        return lines.joined(separator: "\n")
    }
}
