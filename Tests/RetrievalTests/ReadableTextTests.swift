import Engine
import Foundation
import GroundedTesting
import Testing

@Suite("Answers read as text, citations stay exact")
struct ReadableTextTests {
    @Test(
        "table rows read as 'label: values', Markdown marks are dropped, everything else is kept",
        arguments: [
            ("| Express | 1 to 2 business days | $14.99 |", "Express: 1 to 2 business days, $14.99"),
            ("|  Standard  |", "Standard"),
            (
                "Open the app, go to **Settings > Devices** and select __Report a problem__.",
                "Open the app, go to Settings > Devices and select Report a problem."
            ),
            ("It is *free* for _members_ only.", "It is free for members only."),
            (
                "Use `lumen-hub` or [our form](https://example.com/form).",
                "Use lumen-hub or our form (https://example.com/form)."
            ),
            (
                "Keep snake_case_names, 2 * 3 = 6 and a*b*c as they are.",
                "Keep snake_case_names, 2 * 3 = 6 and a*b*c as they are."
            ),
            ("A plain sentence | with a bar.", "A plain sentence | with a bar."),
        ])
    func readable(quote: String, expected: String) {
        #expect(ReadableText.of(quote) == expected)
    }

    @Test("an answer citing a table row shows it readable while its citation is the row exactly as the document has it")
    func tableAnswer() throws {
        let engine = CorpusFixture.engine
        let answer = try engine.ask("How long does express shipping take?")
        let row = try #require(answer.sentences.first { $0.text.hasPrefix("| Express") }, "\(answer.message)")
        #expect(
            answer.message.contains(ReadableText.of(row.text)) && !answer.message.contains("| Express"),
            "\(answer.message)")
        let document = try #require(
            engine.knowledge.document(id: row.citation.documentID, version: row.citation.version))
        #expect(document.text.slice(row.citation.span) == row.citation.quote && row.citation.quote == row.text)
        #expect(answer.verified)
        for question in [
            "How do I report a problem with my device?", "How do I start a return in the UK?",
            "How do I ask for a price adjustment?",
        ] {
            let message = try engine.ask(question).message
            #expect(!message.contains("**") && !message.contains("`"), "\(question): \(message)")
        }
    }
}
