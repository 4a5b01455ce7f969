import Foundation
import GroundedCore
import Testing

@Suite("Citation")
struct CitationTests {
    @Test("the engine's citation round-trips through JSON unchanged, number, version, title and quote included")
    func roundTrip() throws {
        let citation = Citation(
            number: 2, documentID: "returns-policy", version: "3", title: "Returns", start: 10, end: 25,
            quote: "within 45 days.")
        let decoded = try JSONDecoder().decode(Citation.self, from: try JSONEncoder().encode(citation))
        #expect(decoded == citation)
        #expect(decoded.reference.description == "returns-policy@3[10, 25)")
    }

    @Test("an answer sent to be scored may leave out version, title and quote; they read as empty, not as made up")
    func partialClaim() throws {
        let decoded = try JSONDecoder().decode(
            Citation.self, from: Data(#"{"documentID": "faq", "start": 0, "end": 4}"#.utf8))
        #expect(decoded == Citation(documentID: "faq", version: "", start: 0, end: 4))
        #expect(decoded.number == nil && decoded.title.isEmpty && decoded.quote.isEmpty)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Citation.self, from: Data(#"{"documentID": "faq", "start": 0}"#.utf8))
        }
    }
}
