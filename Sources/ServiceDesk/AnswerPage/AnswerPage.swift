import Answering
import Foundation
import Governance
import GroundedCore

/// The page a customer opens from an answer's link: the answer with numbered citations, and for
/// each citation the passage of its source with the cited span highlighted. One HTML document,
/// readable on a phone, with no script and nothing internal — no ids, scores, customers or index
/// details; only public documents are quoted around the span.
///
/// Thread safety: a value type; `html` is pure.
public struct AnswerPage: Sendable {
    /// One cited source as the page shows it.
    struct Source: Sendable {
        var number: Int
        var title: String
        /// The passage around the span; nil when the source version is no longer available (the
        /// quote alone is shown).
        var excerpt: SourceExcerpt?
        var quote: String
    }

    var status: AnswerResponse.Status
    /// The customer's question, with personal data redacted (the link may be forwarded).
    var question: String
    var text: String
    var options: [String]
    var sources: [Source]
    var answeredOn: Date

    /// The page for an archived answer; `document` gives the text of a cited version when the
    /// customer may read it (public audience), else nil.
    init(
        _ response: AnswerResponse, question: String, answeredOn: Date,
        document: (_ id: String, _ version: String) -> (title: String, text: SourceText)?
    ) {
        status = response.status
        self.question = PIIRedactor().redact(question)
        text = response.text
        options = response.options ?? []
        self.answeredOn = answeredOn
        sources = response.citations.enumerated().map { i, c in
            let source = document(c.documentID, c.version)
            return Source(
                number: c.number ?? i + 1, title: source?.title ?? c.title,
                excerpt: source.flatMap { SourceExcerpt($0.text, span: TextSpan(start: c.start, end: c.end)) },
                quote: c.quote)
        }
    }

    /// Headers the page is sent with: no script, no frames, no external anything, no referrer.
    public static let securityHeaders: [(name: String, value: String)] = [
        (
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "private, max-age=300"),
    ]
}
