import GroundedCore
import Testing

@testable import Knowledge

@Suite("Parsers")
struct ParserTests {
    func blocks(_ parser: any DocumentParser, _ s: String) throws -> [(Block.Kind, String)] {
        let source = SourceText(s)
        let body = try parser.parse(source, bodyStart: 0)
        return body.blocks.map { ($0.kind, body.text.slice($0.span)) }
    }

    @Test("Markdown: headings, paragraphs, lists, tables and code, markers left out of spans")
    func markdown() throws {
        let md = """
            # Title

            First line
            continues here.

            ## Steps ##
            - one
            - two
              more
            1. numbered

            | A | B |
            |---|---|
            | 1 | 2 |

            ```
            code block
            ```
            > quoted
            """
        let b = try blocks(MarkdownParser(), md)
        #expect(
            b.map(\.0) == [
                .heading(level: 1), .paragraph, .heading(level: 2), .listItem, .listItem, .listItem,
                .tableRow, .tableRow, .code, .paragraph,
            ])
        #expect(
            b.map(\.1) == [
                "Title", "First line\ncontinues here.", "Steps", "one", "two\n  more", "numbered",
                "| A | B |", "| 1 | 2 |", "code block", "quoted",
            ])
    }

    @Test("HTML: scripts, styles and navigation dropped, entities decoded, headings and cells kept")
    func html() throws {
        let html = """
            <html><head><title>T</title><style>p{}</style></head><body>
            <script>var x = "<p>no</p>";</script><nav>Home</nav>
            <h2>Fees &amp; charges</h2>
            <p>Costs   $5 &lt;per&gt;
               month&nbsp;&#8212; &#x263A; <b>bold</b></p>
            <!-- a comment <p>hidden</p> -->
            <ul><li>one</li><li>two</li></ul>
            <table><tr><th>Plan</th><th>Price</th></tr><tr><td>Monthly</td><td>$5</td></tr></table>
            <p>AT&T &unknown; 3 < 4</p>
            </body></html>
            """
        let source = SourceText(html)
        let body = try HTMLParser().parse(source, bodyStart: 0)
        let b = body.blocks.map { ($0.kind, body.text.slice($0.span)) }
        #expect(b.map(\.0) == [.heading(level: 2), .paragraph, .listItem, .listItem, .tableRow, .tableRow, .paragraph])
        #expect(
            b.map(\.1) == [
                "Fees & charges", "Costs $5 <per> month — ☺ bold", "one", "two", "Plan | Price",
                "Monthly | $5", "AT&T &unknown; 3 < 4",
            ])
        #expect(!body.text.string.contains("var x"))
    }

    @Test(
        """
        HTML a reader does not see is not ingested: hidden, aria-hidden, display:none, visibility:hidden, template, \
        noscript
        """
    )
    func hiddenHTML() throws {
        let html = """
            <h2>Returns</h2>
            <p>Visible one.</p>
            <p hidden>SECRET hidden attribute.</p>
            <div style="color: red; DISPLAY : none"><p>SECRET display none</p>
            <div>SECRET nested <div>deeper</div> still</div></div>
            <span style='visibility:hidden'>SECRET visibility</span>
            <div aria-hidden="true">SECRET aria</div>
            <template><p>SECRET template</p></template>
            <noscript>SECRET noscript</noscript>
            <p hidden=hidden>SECRET valued<p>Visible two, after an unclosed hidden paragraph.</p>
            <section hidden><section>SECRET inner</section>SECRET after inner</section>
            <p class="hidden-xs" data-x="hidden">Visible three: hidden only in attribute values.</p>
            <input type="text" hidden><img hidden src="x.png"><p>Visible four, after hidden void elements.</p>
            <div style="display:block">Visible five.</div>
            """
        let body = try HTMLParser().parse(SourceText(html), bodyStart: 0)
        let text = body.text.string
        #expect(!text.contains("SECRET"), "\(text)")
        for visible in [
            "Returns", "Visible one.", "Visible two, after an unclosed hidden paragraph.",
            "Visible three: hidden only in attribute values.", "Visible four, after hidden void elements.",
            "Visible five.",
        ] {
            #expect(body.blocks.contains { body.text.slice($0.span) == visible }, "\(visible) missing from \(text)")
        }
    }

    @Test("plain text: underlined and short title lines are headings, bullets are list items")
    func plainText() throws {
        let txt = """
            Privacy policy
            ==============

            This policy explains things.

            What we collect

            Account data: your name.
            - first item
            Short heading
            A longer paragraph line follows the short heading here.
            """
        let b = try blocks(PlainTextParser(), txt)
        #expect(
            b.map(\.0) == [
                .heading(level: 1), .paragraph, .heading(level: 2), .paragraph, .listItem, .heading(level: 2),
                .paragraph,
            ])
        #expect(b[2].1 == "What we collect")
    }

    @Test("sentences split at terminal punctuation, not at abbreviations, initials or decimals")
    func sentences() {
        let text = SourceText(
            "It costs $5.99 per month, e.g. for U.S. members. Call Dr. Smith now! Is it free? Yes.\n\nNew part")
        let spans = SentenceSplitter.split(text, TextSpan(start: 0, end: text.count))
        #expect(
            spans.map { text.slice($0) } == [
                "It costs $5.99 per month, e.g. for U.S. members.", "Call Dr. Smith now!",
                "Is it free?", "Yes.", "New part",
            ])
    }
}
