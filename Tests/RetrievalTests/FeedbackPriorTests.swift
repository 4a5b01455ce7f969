import Engine
import Foundation
import GroundedTesting
import GroundedCore
import Testing

@Suite("Feedback priors in ranking")
struct FeedbackPriorTests {
    @Test("repeated thumbs-down on a chunk lowers it for that kind of question, and only that kind")
    func thumbsDown() throws {
        let engine = CorpusFixture.engine
        let retriever = try HybridRetriever(knowledge: engine.knowledge)
        let query = "How long do I have to return an item?"
        let before = try retriever.search(query, k: 10)
        let top = try #require(before.first)
        let key = "\(top.documentID)@\(top.documentVersion)[\(top.span.start), \(top.span.end))"
        var filter = RetrievalFilter()
        // Five agents vote down a sentence inside the top chunk, as an answer citing it would.
        let sentence = TextSpan(start: top.span.start + 1, end: min(top.span.end, top.span.start + 40))
        var down = FeedbackPriors()
        for _ in 0..<5 { down.add(documentID: top.documentID, version: top.documentVersion, span: sentence, kind: "return_item", up: false) }
        filter.feedback = down
        filter.questionKind = "return_item"
        let after = try retriever.search(query, k: 100, filter: filter)
        let rankAfter = try #require(after.firstIndex { $0.chunkID == top.chunkID })
        #expect(rankAfter > 0, "5 down votes should move the top chunk down (it stayed first)")
        #expect(after[rankAfter].feedbackMultiplier.map { abs($0 - (2.0 / 9) / 0.5) < 1e-9 } == true)
        print("feedback: chunk \(key) rank 1 → \(rankAfter + 1) after 5 thumbs-down for return_item")

        filter.questionKind = "billing_question"
        let otherKind = try retriever.search(query, k: 10, filter: filter)
        #expect(otherKind.map(\.chunkID) == before.map(\.chunkID), "votes for another kind of question do not count")

        filter.questionKind = "return_item"
        var up = FeedbackPriors()
        for _ in 0..<5 { up.add(documentID: top.documentID, version: top.documentVersion, span: sentence, kind: "return_item", up: true) }
        filter.feedback = up
        #expect(try retriever.search(query, k: 10, filter: filter).first?.chunkID == top.chunkID)
    }
}
