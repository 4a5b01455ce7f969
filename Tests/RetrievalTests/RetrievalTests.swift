import Engine
import Foundation
import GroundedTesting
import Storage
import Testing
import VectorIndex

@Suite("Hybrid retrieval on the sample corpus")
struct RetrievalTests {
    let engine = CorpusFixture.engine

    @Test("hits carry their component scores and are ordered by the fused score")
    func fusion() throws {
        let hits = try engine.search("refund to the original payment method", k: 8)
        #expect(hits.first?.documentID == "refund-policy")
        #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        for h in hits {
            #expect(h.vectorRank != nil || h.lexicalRank != nil)
            let expected =
                (h.vectorRank.map { 1 / (60 + Double($0)) } ?? 0) + (h.lexicalRank.map { 1 / (60 + Double($0)) } ?? 0)
            #expect(abs(h.score - expected) < 1e-9)
        }
    }

    @Test("by default only public documents in effect today are searched")
    func defaults() throws {
        let all = try engine.search("shipping delivery price standard express", k: 50)
        #expect(!all.isEmpty)
        #expect(
            all.allSatisfy { !($0.documentID == "shipping-policy" && $0.documentVersion == "3") },
            "a future version leaked")
        #expect(all.allSatisfy { !($0.documentID == "returns-policy" && $0.documentVersion == "1") })
        let internalIDs: Set = ["agent-escalation", "refund-exceptions", "fraud-checks", "outage-playbook"]
        let escalation = try engine.search("escalate to a supervisor refund exception", k: 50)
        #expect(escalation.allSatisfy { !internalIDs.contains($0.documentID) })
    }

    @Test("filters: audience, product, as-of date and every version")
    func filters() throws {
        var agent = RetrievalFilter()
        agent.audiences = [.public, .internal]
        #expect(
            try engine.search("escalate to a supervisor", k: 3, filter: agent).first?.documentID == "agent-escalation")

        let eye = RetrievalFilter(fields: ["product": "lumen-eye"])
        let hits = try engine.search("battery", k: 10, filter: eye)
        #expect(!hits.isEmpty)
        for h in hits { #expect(engine.knowledge.document(id: h.documentID)?.metadata.product == "lumen-eye") }

        let in2023 = RetrievalFilter(asOf: "2023-06-01")
        let old = try engine.search("return window days", k: 5, filter: in2023)
        #expect(old.contains { $0.documentID == "returns-policy" && $0.documentVersion == "1" })
        #expect(!old.contains { $0.documentID == "returns-policy" && $0.documentVersion == "2" })

        let future = RetrievalFilter(asOf: "2027-02-01")
        #expect(
            try engine.search("shipping options", k: 10, filter: future).contains {
                $0.documentID == "shipping-policy" && $0.documentVersion == "3"
            })

        let every = try engine.search("returns policy return window", k: 20, filter: .everything)
        #expect(Set(every.filter { $0.documentID == "returns-policy" }.map(\.documentVersion)) == ["1", "2"])

        #expect(try engine.search("anything", filter: RetrievalFilter(fields: ["product": "no-such-product"])).isEmpty)
    }

    @Test("a narrow filter switches vector search to an exact scan with the same results as brute force")
    func exactFallback() throws {
        let kb = engine.knowledge
        let admitted = RetrievalFilter(fields: ["product": "lumen-lock"]).admittedDocuments(kb.documents)
        let accept: (Int64) -> Bool = { kb.chunks[$0].map { admitted.contains($0.documentKey) } ?? false }
        let q = try kb.embedder.embed("lock batteries keypad code")
        let exact = try kb.vectors.exactSearch(q, k: 5, where: accept)
        let graph = try kb.vectors.search(q, k: 5, ef: 200, filter: accept)
        #expect(!exact.isEmpty)
        #expect(exact.map(\.label) == graph.map(\.label))
        #expect(exact.allSatisfy { accept($0.label) })
    }

    @Test("a tiny corpus keeps the exact twin, which agrees with the graph's own exact scan")
    func exactTwin() throws {
        let kb = engine.knowledge
        let twin = try #require(kb.exactVectors)
        #expect(kb.chunks.count <= KnowledgeBase.exactTwinLimit && twin.count == kb.vectors.count)
        let q = try kb.embedder.embed("how long is the warranty")
        let fromTwin = try twin.search(q, k: 8)
        let fromScan = try kb.vectors.exactSearch(q, k: 8)
        #expect(fromTwin.map(\.label) == fromScan.map(\.label))
        #expect(zip(fromTwin, fromScan).allSatisfy { abs($0.distance - $1.distance) < 1e-4 })
        // The engine's vector side is that exact ranking.
        let hits = try engine.search("how long is the warranty", k: 8, filter: .everything)
        #expect(hits.contains { $0.chunkID == fromTwin[0].label && $0.vectorRank == 1 })
    }
}
