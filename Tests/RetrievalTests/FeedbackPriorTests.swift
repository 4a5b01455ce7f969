import Engine
import Foundation
import GroundedCore
import GroundedTesting
import Testing

@Suite("Feedback priors in ranking")
struct FeedbackPriorTests {
    static let query = "How long do I have to return an item?"

    /// `voters` ballots (distinct voters, or one voter repeating when `distinct` is false) on a span.
    static func priors(
        _ hit: SearchHit, span: TextSpan? = nil, up: Bool, voters: Int, distinct: Bool = true, weight: Double = 1,
        kind: String = "return_item", into priors: FeedbackPriors = FeedbackPriors()
    ) -> FeedbackPriors {
        var priors = priors
        for i in 0..<voters {
            priors.add(
                documentID: hit.documentID, version: hit.documentVersion, span: span ?? hit.span, kind: kind,
                voter: distinct ? "agent\(i)@example.com (agent)" : "web-chat (channel)",
                ballot: .init(up: up, weight: weight))
        }
        return priors
    }

    @Test("five distinct voters' thumbs-down lowers a chunk for that kind of question, and only that kind; four do not")
    func thumbsDown() throws {
        let retriever = try HybridRetriever(knowledge: CorpusFixture.engine.knowledge)
        let before = try retriever.search(Self.query, k: 10)
        let top = try #require(before.first)
        var filter = RetrievalFilter()
        filter.questionKind = "return_item"
        // Votes on a sentence inside the top chunk, as an answer citing it would give.
        let sentence = TextSpan(start: top.span.start + 1, end: min(top.span.end, top.span.start + 40))
        filter.feedback = Self.priors(top, span: sentence, up: false, voters: 4)
        #expect(try retriever.search(Self.query, k: 10, filter: filter).map(\.chunkID) == before.map(\.chunkID))

        filter.feedback = Self.priors(top, span: sentence, up: false, voters: 5)
        let after = try retriever.search(Self.query, k: 100, filter: filter)
        let rankAfter = try #require(after.firstIndex { $0.chunkID == top.chunkID })
        #expect(rankAfter > 0, "5 voters' thumbs-down should move the top chunk down (it stayed first)")
        // Beta(2, 7) has mean 2/9: the multiplier 0.44 is bounded at 1/2 by the policy's maximum effect.
        #expect(after[rankAfter].feedbackMultiplier == 0.5)
        #expect(zip(after, after.dropFirst()).allSatisfy { $0.score >= $1.score }, "scores stay sorted")

        filter.questionKind = "billing_question"
        #expect(
            try retriever.search(Self.query, k: 10, filter: filter).map(\.chunkID) == before.map(\.chunkID),
            "votes for another kind of question do not count")

        filter.questionKind = "return_item"
        filter.feedback = Self.priors(top, span: sentence, up: true, voters: 5)
        #expect(try retriever.search(Self.query, k: 10, filter: filter).first?.chunkID == top.chunkID)
    }

    @Test("150 ballots from one voter count once: nothing moves")
    func oneVoterCountsOnce() throws {
        let retriever = try HybridRetriever(knowledge: CorpusFixture.engine.knowledge)
        let before = try retriever.search(Self.query, k: 10)
        var filter = RetrievalFilter()
        filter.questionKind = "return_item"
        filter.feedback = Self.priors(try #require(before.first), up: false, voters: 150, distinct: false)
        #expect(
            filter.feedback?.votes(
                documentID: before[0].documentID, version: before[0].documentVersion, span: before[0].span,
                kind: "return_item") == .init(up: 0, down: 1, voters: 1))
        #expect(try retriever.search(Self.query, k: 10, filter: filter).map(\.chunkID) == before.map(\.chunkID))
    }

    @Test("no vote pattern makes an anonymous or a US customer's answer cite the UK returns policy")
    func votesNeverCrossRegions() throws {
        let engine = CorpusFixture.engine
        let retriever = try HybridRetriever(knowledge: engine.knowledge)
        var everything = RetrievalFilter()
        everything.profile = CustomerProfile(region: "GB")
        let all =
            try retriever.search(Self.query, k: 50) + (try retriever.search(Self.query, k: 50, filter: everything))
        let ukHits = all.filter { $0.documentID == "returns-policy-uk" }
        let otherHits = all.filter { $0.documentID != "returns-policy-uk" }
        #expect(!ukHits.isEmpty && !otherHits.isEmpty)
        // Twenty staff voters: every other passage down, every UK passage up, for the question's kind and none.
        var priors = FeedbackPriors()
        for kind in ["return_item", ""] {
            for hit in otherHits { priors = Self.priors(hit, up: false, voters: 20, kind: kind, into: priors) }
            for hit in ukHits { priors = Self.priors(hit, up: true, voters: 20, kind: kind, into: priors) }
        }
        for profile in [nil, CustomerProfile(region: "US", locale: "en-US")] {
            var filter = RetrievalFilter()
            filter.profile = profile
            filter.feedback = priors
            filter.questionKind = "return_item"
            let answer = try engine.ask(Self.query, filter: filter)
            #expect(
                !answer.sentences.contains { $0.citation.documentID == "returns-policy-uk" },
                "\(profile?.region ?? "anonymous"): \(answer.message)")
            let hits = try retriever.search(Self.query, k: 10, filter: filter)
            let firstUK = hits.firstIndex { $0.documentID == "returns-policy-uk" } ?? hits.count
            let unvoted = try retriever.search(
                Self.query, k: 10,
                filter: {
                    var f = filter
                    f.feedback = nil
                    return f
                }())
            #expect(
                firstUK >= (unvoted.firstIndex { $0.documentID == "returns-policy-uk" } ?? unvoted.count),
                "the UK passage keeps its place: votes never lift it")
        }
        // For a customer in the UK the UK policy leads, votes or not.
        var uk = RetrievalFilter()
        uk.profile = CustomerProfile(region: "GB")
        uk.feedback = priors
        uk.questionKind = "return_item"
        #expect(try retriever.search(Self.query, k: 3, filter: uk).first?.documentID == "returns-policy-uk")
    }
}
