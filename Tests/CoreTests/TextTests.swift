import Testing

@testable import GroundedCore

@Suite("Text vocabulary")
struct TextTests {
    @Test(
        "Porter stemmer matches the paper's examples",
        arguments: [
            ("caresses", "caress"), ("ponies", "poni"), ("cats", "cat"), ("feed", "feed"), ("agreed", "agre"),
            ("plastered", "plaster"), ("motoring", "motor"), ("hopping", "hop"), ("filing", "file"), ("happy", "happi"),
            ("relational", "relat"), ("conditional", "condit"), ("generalization", "gener"), ("hopefulness", "hope"),
            ("electrical", "electr"), ("adjustment", "adjust"), ("refunds", "refund"), ("refunded", "refund"),
        ])
    func porter(word: String, stem: String) {
        #expect(PorterStemmer.stem(word) == stem)
    }

    @Test("the analyzer lowercases, folds accents, drops stop words and keeps exact spans")
    func analyzer() {
        let text = SourceText("Café RETURNS: the 45-day window isn't long.")
        let tokens = TextAnalyzer().tokens(text)
        #expect(tokens.map(\.term) == ["cafe", "return", "45", "dai", "window", "long"])
        for t in tokens { #expect(TextAnalyzer().terms(text.slice(t.span)) == [t.term]) }
    }

    @Test("spans count Unicode scalars, so slices survive emoji and combining marks")
    func scalarOffsets() {
        let text = SourceText("Hi 👋🏽 e\u{301}t\u{E9} done")
        // "👋🏽" is two scalars; "e\u{301}" is two scalars but one Character.
        #expect(text.count == 15)
        #expect(text.slice(TextSpan(start: 6, end: 10)) == "e\u{301}t\u{E9}")
        #expect(text.slice(TextSpan(start: 11, end: 15)) == "done")
        #expect(text.trimmed(TextSpan(start: 5, end: 11)) == TextSpan(start: 6, end: 10))
    }

    @Test("spans overlap only when they share a position")
    func overlap() {
        #expect(TextSpan(start: 0, end: 5).overlaps(TextSpan(start: 4, end: 9)))
        #expect(!TextSpan(start: 0, end: 5).overlaps(TextSpan(start: 5, end: 9)))
    }
}
