import Foundation
import GroundedCore
import Testing

@testable import ServiceDesk

@Suite("The customer's answer page")
struct AnswerPageTests {
    static let document = """
        ---
        id: returns-policy
        ---
        # Returns policy

        ## Return window

        You can return most items within **30 days** of delivery. The item must be in its original packaging.

        ## Refunds

        Refunds reach your card in 5 to 10 business days.
        """

    static func span(of quote: String, in text: String) -> TextSpan {
        let scalars = Array(text.unicodeScalars)
        let q = Array(quote.unicodeScalars)
        let start = (0...(scalars.count - q.count)).first { Array(scalars[$0..<$0 + q.count]) == q }!
        return TextSpan(start: start, end: start + q.count)
    }

    @Test("the excerpt is the paragraph that holds the span, under its section's heading")
    func excerpt() throws {
        let text = SourceText(Self.document)
        let quote = "The item must be in its original packaging."
        let e = try #require(SourceExcerpt(text, span: Self.span(of: quote, in: Self.document)))
        #expect(e.cited == quote)
        #expect(e.before == "You can return most items within **30 days** of delivery. ")
        #expect(e.after.isEmpty)
        #expect(e.heading == "Return window")
        #expect(SourceExcerpt(text, span: TextSpan(start: 0, end: text.count + 1)) == nil)
    }

    @Test("a long paragraph is cut at a word, with an ellipsis, `reach` characters from the span")
    func reach() throws {
        let words = (1...200).map { "word\($0)" }.joined(separator: " ")
        let text = SourceText(words)
        let span = Self.span(of: "word100", in: words)
        let e = try #require(SourceExcerpt(text, span: span, reach: 50))
        #expect(e.before.hasPrefix("…") && e.after.hasSuffix("…"))
        #expect(e.before.count <= 52 && e.after.count <= 52)
        #expect(words.contains(e.before.dropFirst() + e.cited + e.after.dropLast()))
    }

    static func response(text: String, quote: String, start: Int, end: Int) throws -> AnswerResponse {
        let json = """
            {"id": "ans_1", "status": "answered", "channel": "chat", "messages": [], "text": \(try encode(text)),
             "confidence": 0.9, "verified": true, "link": "https://help.example.com/a/ans_1",
             "customerID": "cus_secret", "conversationID": "conv_secret",
             "citations": [{"number": 1, "documentID": "returns-policy", "version": "1", "title": "Returns policy",
                            "start": \(start), "end": \(end), "quote": \(try encode(quote))}]}
            """
        return try JSONDecoder().decode(AnswerResponse.self, from: Data(json.utf8))
    }

    static func encode(_ s: String) throws -> String { String(decoding: try JSONEncoder().encode(s), as: UTF8.self) }

    @Test("the page highlights the span in its passage, escapes the text, and shows nothing internal")
    func page() throws {
        let quote = "You can return most items within **30 days** of delivery."
        let span = Self.span(of: quote, in: Self.document)
        let response = try Self.response(
            text: "You can return most items within 30 days of delivery. [1] <b>not markup</b>", quote: quote,
            start: span.start, end: span.end)
        let page = AnswerPage(response, question: "Return window? mail me at sam@example.com", answeredOn: Date()) {
            id, version in
            id == "returns-policy" && version == "1" ? ("Returns policy", SourceText(Self.document)) : nil
        }
        let html = page.html
        #expect(html.contains("<mark>You can return most items within 30 days of delivery.</mark>"))
        #expect(html.contains("The item must be in its original packaging."), "the span's context")
        #expect(html.contains("Return window"))
        #expect(html.contains(##"<sup><a href="#source-1""##) && html.contains(#"id="source-1""#))
        #expect(html.contains("&lt;b&gt;not markup&lt;/b&gt;") && !html.contains("<b>"))
        #expect(html.contains(#"name="viewport""#))
        for hidden in ["cus_secret", "conv_secret", "ans_1", "0.9", "sam@example.com", "<script", "returns-policy"] {
            #expect(!html.contains(hidden), "\(hidden) on the page")
        }
    }

    @Test("a source version no longer readable shows the quote alone")
    func missingSource() throws {
        let response = try Self.response(
            text: "Refunds take a while. [1]", quote: "Refunds take a while.", start: 0, end: 5)
        let html = AnswerPage(response, question: "", answeredOn: Date()) { _, _ in nil }.html
        #expect(html.contains("<mark>Refunds take a while.</mark>") && html.contains("Returns policy"))
    }
}
