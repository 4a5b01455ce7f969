import Customers
import Engine
import Foundation
import Governance
import GroundedTesting
import Hummingbird
import HummingbirdTesting
import Records
import ServiceDesk
import Testing

@testable import Server

@Suite("A re-index is served without a restart")
struct BuildReloadTests {
    static func write(_ years: String, version: Int = 1, to corpus: URL) throws {
        let body =
            "---\nid: anvil-warranty\ntitle: Anvil warranty\ntype: policy\naudience: public\neffective: "
            + "2025-01-01\nversion: \(version)\n---\n# Anvil warranty\n\n"
            + "Every Globex anvil carries a warranty of \(years) years against cracks. Claims need the anvil's serial "
            + "number.\n"
        try body.write(to: corpus.appendingPathComponent("anvil-warranty.md"), atomically: true, encoding: .utf8)
    }

    @Test("an ingest that publishes a new build is picked up between requests; a request in flight keeps its engine")
    func reload() async throws {
        let corpus = try TestPaths.temporaryDirectory("reload-corpus")
        let index = try TestPaths.temporaryDirectory("reload-index")
        try Self.write("seven", to: corpus)
        _ = try GroundedEngine.ingest(corpus: corpus, index: index)
        let service = try GroundedService(
            engine: try GroundedEngine(index: index),
            store: try ServiceStore(directory: try TestPaths.temporaryDirectory("reload-store")))
        let host = try ServiceHost(
            service: service, access: try AccessStore(directory: try TestPaths.temporaryDirectory("reload-keys")))
        let key = try host.access.issue(person: "c", role: .channel, tenant: ServiceHost.singleTenant).key.text
        let first = service.engine.knowledge.build.buildID
        #expect(try service.reloadIfNewBuild() == nil, "nothing new yet")

        let app = Application(responder: host.responder())
        try await app.test(.router) { base in
            let client = KeyedClient(base: base, key: key)
            let question = #"{"message": "How long is the anvil warranty?"}"#
            let before = try (try await client.post("/v1/answer", json: question)).decode(AnswerResponse.self)
            #expect(before.text.contains("seven years"), "\(before.text)")

            let inFlight = service.engine
            try Self.write("nine", version: 2, to: corpus)
            _ = try GroundedEngine.ingest(corpus: corpus, index: index)
            let published = try #require(try service.reloadIfNewBuild())
            #expect(published != first && service.engine.knowledge.build.buildID == published)
            let oldQuotes = try inFlight.ask("How long is the anvil warranty?").sentences.map(\.citation.quote).joined()
            #expect(
                inFlight.knowledge.build.buildID == first && oldQuotes.contains("seven"),
                "the old engine still answers for whoever holds it")

            let after = try (try await client.post("/v1/answer", json: question)).decode(AnswerResponse.self)
            #expect(after.text.contains("nine years"), "\(after.text)")
            #expect(try await base.get("/ready").text.contains(published))
        }
    }
}
