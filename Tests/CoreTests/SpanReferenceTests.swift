import GroundedCore
import Testing

@Suite("Span references")
struct SpanReferenceTests {
    @Test("written and read back the one way; what is not one is refused, never trapped on")
    func roundTrip() {
        let reference = SpanReference(documentID: "returns-policy", version: "2", start: 301, end: 354)
        #expect(reference.description == "returns-policy@2[301, 354)")
        #expect(SpanReference(reference.description) == reference)
        #expect(SpanReference("team@example.com@v1[0,5)")?.documentID == "team@example.com")
        for text in ["returns-policy", "a@1[5, 3)", "a@1[-5, 3)", "a@1[1, 2]", "a@1[x, 2)", "a@1[1, 2, 3)", ""] {
            #expect(SpanReference(text) == nil, "\(text)")
        }
    }
}
