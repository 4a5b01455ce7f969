import Engine
import Foundation
import Governance
import GroundedTesting
import Hummingbird
import HummingbirdTesting
import Records
import Server
import Testing

/// A staged build is reviewed over the API beside the current one, answers no customer until a
/// knowledge manager promotes it, and is promoted or discarded with an audited reason.
@Suite("Staged builds over the API")
struct StagedBuildAPITests {
    static let question = #"{"question": "How long do I have to return an item?"}"#

    struct Comparison: Decodable {
        var current: GroundedAnswer
        var staged: GroundedAnswer
        var change: String?
    }

    struct Builds: Decodable {
        struct Current: Decodable { var buildID: String }
        var current: Current
        var staged: StagedBuild?
    }

    static func text(_ a: GroundedAnswer) -> String { a.sentences.map(\.text).joined(separator: " ") }

    @Test("review side by side, customers keep the current build, promotion makes it current and is audited")
    func reviewAndPromote() async throws {
        let index = try ServerFixture.privateIndex("staged-index")
        let fixture = try ServerFixture(engine: try GroundedEngine(index: index))
        let manager = try fixture.key(.knowledgeManager, person: "kim@example.com")
        let channel = try fixture.key(.channel)
        let before = fixture.service.engine.knowledge.build.buildID
        let staged = try Ingestor(index: index).stage(
            try CorpusEdit.returnsWindow50("staged-corpus", version: "3").corpus)
        #expect(staged.basedOn == before && staged.report.added == ["returns-policy@3"])

        try await fixture.test(key: manager) { client in
            let builds = try await client.get("/v1/builds").decode(Builds.self)
            #expect(builds.current.buildID == before && builds.staged?.buildID == staged.buildID)

            let compared = try await client.post("/v1/builds/staged/ask", json: Self.question).decode(Comparison.self)
            #expect(Self.text(compared.current).contains("45 days") && Self.text(compared.staged).contains("50 days"))
            #expect(compared.change == "text")
            #expect(compared.staged.sentences.first?.citation.version == "3")
            let plus = try await client.post(
                "/v1/builds/staged/ask",
                json: #"{"question": "How much does Lumen Plus cost?", "profile": {"plan": "plus"}}"#
            ).decode(Comparison.self)
            #expect(plus.change == nil, "an answer the edit does not touch is the same")
            let extra = try await client.post("/v1/builds/staged/ask", json: #"{"question": "Hi", "buid": "x"}"#)
            #expect(extra.status == .badRequest && extra.text.contains("unknown field `buid`"))

            // Customers are answered by the current build while it is staged.
            let customer = try await client.post(
                "/v1/answer", json: #"{"message": "How long do I have to return an item?"}"#, key: channel)
            #expect(customer.text.contains("45 days") && !customer.text.contains("50 days"))

            let noReason = try await client.post("/v1/builds/staged/promote", json: #"{"reason": "  "}"#)
            #expect(noReason.status == .badRequest)
            let promoted = try await client.post(
                "/v1/builds/staged/promote", json: #"{"reason": "returns window is 50 days from January"}"#)
            #expect(promoted.status == .ok, "\(promoted.text)")
            #expect(try promoted.decode(StagedBuild.self).buildID == staged.buildID)
            let after = try await client.post(
                "/v1/answer", json: #"{"message": "How long do I have to return an item?"}"#, key: channel)
            #expect(after.text.contains("50 days"), "customers get the promoted build at once: \(after.text)")
            #expect(try await client.get("/v1/builds").decode(Builds.self).staged == nil)
            let again = try await client.post("/v1/builds/staged/promote", json: #"{"reason": "twice"}"#)
            #expect(again.status == .notFound && again.text.contains("nothing is staged"))
        }
        #expect(fixture.service.engine.knowledge.build.buildID == staged.buildID)
        let audit = try fixture.service.store.audit.entries().filter { $0.action == "build-promote" }
        #expect(audit.count == 2)
        #expect(audit[0].actor == "kim@example.com" && audit[0].subject == staged.buildID)
        #expect(audit[0].inputs["reason"] == "returns window is 50 days from January")
        #expect(audit[0].inputs["replaced"] == before && audit[0].outcome == "current")
        #expect(audit[1].outcome.hasPrefix("refused: nothing is staged"), "a refused promotion is audited too")
    }

    @Test("a staged build the index has moved on from is refused (409); discarding removes it, audited")
    func staleAndDiscard() async throws {
        let index = try ServerFixture.privateIndex("staged-stale-index")
        let fixture = try ServerFixture(engine: try GroundedEngine(index: index))
        let manager = try fixture.key(.knowledgeManager, person: "kim@example.com")
        let staged = try Ingestor(index: index).stage(
            try CorpusEdit.returnsWindow50("staged-corpus", version: "3").corpus)
        // Another ingest changes the index after staging.
        let corpus = try TestPaths.temporaryDirectory("staged-stale-corpus")
        try FileManager.default.removeItem(at: corpus)
        try FileManager.default.copyItem(at: TestPaths.corpus, to: corpus)
        try FileManager.default.removeItem(at: corpus.appendingPathComponent("faq/contact-hours.md"))
        _ = try Ingestor(index: index).ingest(corpus)
        try fixture.service.reloadIfNewBuild()
        let current = fixture.service.engine.knowledge.build.buildID

        try await fixture.test(key: manager) { client in
            let stale = try await client.post("/v1/builds/staged/promote", json: #"{"reason": "ship it"}"#)
            #expect(stale.status == .conflict && stale.text.contains("stage it again"), "\(stale.text)")
            let discarded = try await client.post("/v1/builds/staged/discard", json: #"{"reason": "out of date"}"#)
            #expect(discarded.status == .ok)
            #expect(try discarded.decode(StagedBuild.self).buildID == staged.buildID)
            #expect(try await client.post("/v1/builds/staged/ask", json: Self.question).status == .notFound)
            #expect(try await client.post("/v1/builds/staged/discard", json: #"{"reason": "x"}"#).status == .notFound)
        }
        #expect(fixture.service.engine.knowledge.build.buildID == current, "the current build is untouched")
        #expect(!FileManager.default.fileExists(atPath: IndexLayout(index).staged.root.path))
        let audit = try fixture.service.store.audit.entries()
        #expect(audit.contains { $0.action == "build-discard" && $0.inputs["reason"] == "out of date" })
        #expect(audit.contains { $0.action == "build-promote" && $0.outcome.hasPrefix("refused: the index changed") })
    }
}
