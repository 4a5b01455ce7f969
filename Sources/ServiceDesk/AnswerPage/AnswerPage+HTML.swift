import Answering
import Foundation

extension AnswerPage {
    /// The whole page.
    public var html: String {
        let date = ISO8601DateFormatter().string(from: answeredOn).prefix(10)
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>Your answer</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <main>
            <h1>Your answer</h1>
            \(question.isEmpty ? "" : "<p class=\"asked\">You asked: “\(HTMLText.escape(question))”</p>")
            <section class="answer">\(body)</section>
            \(sourcesHTML)
            <footer>Answered on \(date). Every sentence above is quoted from the source it cites.</footer>
            </main>
            </body>
            </html>

            """
    }

    /// The answer's text (already readable: `ReadableText`) with `[n]` markers as links to their
    /// sources; a clarifying question's options as a list.
    var body: String {
        var html = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "[") {
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "]"), let n = Int(rest[afterOpen..<close]),
                sources.contains(where: { $0.number == n })
            {
                html += paragraphs(rest[..<open])
                html += "<sup><a href=\"#source-\(n)\" aria-label=\"source \(n)\">\(n)</a></sup>"
                rest = rest[rest.index(after: close)...]
            } else {
                html += paragraphs(rest[...open])
                rest = rest[afterOpen...]
            }
        }
        html += paragraphs(rest)
        let list = options.map { "<li>\(HTMLText.escape($0))</li>" }.joined()
        return "<p>\(html)</p>" + (options.isEmpty ? "" : "<ul class=\"options\">\(list)</ul>")
    }

    /// Escaped text whose line breaks become `<br>`.
    func paragraphs(_ text: some StringProtocol) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { HTMLText.escape($0) }
            .joined(separator: "<br>")
    }

    var sourcesHTML: String {
        guard !sources.isEmpty else { return "" }
        let items = sources.map { s in
            let passage: String
            if let e = s.excerpt {
                let heading = e.heading.map { "<p class=\"section\">\(HTMLText.escape($0))</p>" } ?? ""
                passage =
                    heading + "<blockquote>"
                    + paragraphs(ReadableText.withoutMarks(String(e.before.trimmingLeadingNewlines)))
                    + "<mark>" + paragraphs(ReadableText.withoutMarks(e.cited)) + "</mark>"
                    + paragraphs(ReadableText.withoutMarks(e.after)) + "</blockquote>"
            } else {
                passage = "<blockquote><mark>\(paragraphs(ReadableText.withoutMarks(s.quote)))</mark></blockquote>"
            }
            return """
                <li id="source-\(s.number)"><h3><span class="n">\(s.number)</span> \(HTMLText.escape(s.title))</h3>\
                \(passage)</li>
                """
        }
        return "<section class=\"sources\"><h2>Where this comes from</h2><ol>\(items.joined())</ol></section>"
    }

    /// Readable on a 320-pixel screen and up; system fonts; the highlight has a visible outline
    /// for high-contrast modes that drop background colours.
    static let style = """
        :root{color-scheme:light dark}\
        body{margin:0;font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
        background:Canvas;color:CanvasText}\
        main{max-width:40rem;margin:0 auto;padding:1.25rem 1rem 2.5rem}\
        h1{font-size:1.5rem;margin:0 0 .75rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}\
        h3{font-size:1rem;margin:0 0 .4rem}.asked{color:GrayText;margin:0 0 1rem}\
        .answer p{margin:0;font-size:1.1rem}sup a{text-decoration:none;font-weight:600;padding:0 .15rem}\
        ol{list-style:none;padding:0;margin:0}li[id]{margin:0 0 1.25rem}\
        .n{display:inline-block;min-width:1.5rem;text-align:center;border-radius:.75rem;\
        background:#2557a7;color:#fff;font-size:.85rem;margin-right:.35rem}\
        .section{margin:0 0 .25rem;font-size:.9rem;color:GrayText}\
        blockquote{margin:0;padding:.6rem .8rem;border-left:3px solid #2557a7;background:rgba(37,87,167,.07);\
        overflow-wrap:anywhere}\
        mark{background:#ffe28a;color:#111;outline:1px solid #b58900;border-radius:2px;padding:0 .1rem}\
        footer{margin-top:2rem;font-size:.85rem;color:GrayText}\
        .options{padding-left:1.25rem}
        """
}

extension String {
    /// The string without the line breaks it starts with.
    fileprivate var trimmingLeadingNewlines: Substring { drop { $0 == "\n" } }
}
