import Customers
import Engine
import Foundation
import Governance
import GroundedTesting
import Hummingbird
import HummingbirdTesting
import Records
import ServiceDesk
import Storage
import Testing

@testable import Server

@Suite("Tenant isolation")
struct TenantIsolationTests {
    /// A second company's knowledge base: two documents nothing in `Corpus/` says.
    static func globexEngine() throws -> GroundedEngine {
        let corpus = try TestPaths.temporaryDirectory("globex-corpus")
        let documents = [
            (
                "anvil-warranty", "Anvil warranty",
                "Every Globex anvil carries a warranty of seven years against cracks. Claims need the anvil's serial "
                    + "number, stamped under the horn."
            ),
            (
                "rocket-skates", "Rocket skates",
                "Globex rocket skates must be charged for ninety minutes before first use. Never ride rocket skates "
                    + "near cliffs or canyons."
            ),
        ]
        for (id, title, text) in documents {
            let body =
                "---\nid: \(id)\ntitle: \(title)\ntype: policy\naudience: public\neffective: 2025-01-01\nversion: "
                + "1\n---\n# \(title)\n\n\(text)\n"
            try body.write(to: corpus.appendingPathComponent("\(id).md"), atomically: true, encoding: .utf8)
        }
        let index = try TestPaths.temporaryDirectory("globex-index")
        _ = try GroundedEngine.ingest(corpus: corpus, index: index)
        return try GroundedEngine(index: index)
    }

    @Test("a key of one tenant never reads another tenant's documents, customers, conversations, answers or audit")
    func isolation() async throws {
        let root = try TestPaths.temporaryDirectory("tenants")
        let acme = try GroundedService(
            engine: CorpusFixture.engine, store: try ServiceStore(directory: root.appendingPathComponent("acme")))
        let globex = try GroundedService(
            engine: try Self.globexEngine(), store: try ServiceStore(directory: root.appendingPathComponent("globex")))
        let access = try AccessStore(directory: root)
        let host = try ServiceHost(tenants: ["acme": acme, "globex": globex], defaultTenant: "acme", access: access)
        let acmeAdmin = try access.issue(person: "a-admin", role: .admin, tenant: "acme").key.text
        let globexAdmin = try access.issue(person: "g-admin", role: .admin, tenant: "globex").key.text
        let app = Application(responder: host.responder())
        try await app.test(.router) { base in
            let asAcme = KeyedClient(base: base, key: acmeAdmin)
            let asGlobex = KeyedClient(base: base, key: globexAdmin)

            // Globex's customer asks Globex's question, with personal data.
            let globexAnswer = try
                (try await asGlobex.post(
                    "/v1/answer",
                    json:
                        #"{"customer": {"email": "wile@globex.example"}, "message": "How long is the anvil warranty?"}"#
                ))
                .decode(AnswerResponse.self)
            #expect(
                globexAnswer.status == .answered
                    && globexAnswer.citations.allSatisfy { $0.documentID == "anvil-warranty" })
            let customer = try #require(globexAnswer.customerID)
            let conversation = try #require(globexAnswer.conversationID)

            // The same question to Acme finds nothing of Globex's.
            let acmeAnswer = try
                (try await asAcme.post("/v1/answer", json: #"{"message": "How long is the anvil warranty?"}"#)).decode(
                    AnswerResponse.self)
            #expect(acmeAnswer.citations.allSatisfy { $0.documentID != "anvil-warranty" }, "\(acmeAnswer.citations)")
            #expect(try await asAcme.get("/v1/documents/anvil-warranty").status == .notFound)
            #expect(try await asGlobex.get("/v1/documents/anvil-warranty").status == .ok)

            // Globex's records are invisible to Acme's keys, however the id is learnt.
            #expect(try await asAcme.get("/v1/customers/\(customer)").status == .notFound)
            #expect(try await asAcme.get("/v1/conversations/\(conversation)").status == .notFound)
            #expect(try await asAcme.execute(uri: "/v1/customers/\(customer)", method: .delete).status == .notFound)
            #expect(try await asAcme.get("/v1/customers/\(customer)/outreach").status == .notFound)
            let queue = try await asAcme.get("/v1/handoffs")
            #expect(queue.status == .ok && !queue.text.contains(customer))
            #expect(try await asGlobex.get("/v1/customers/\(customer)").status == .ok)

            // An answer page is public by its id, and shown from the tenant that wrote it.
            let page = try await KeyedClient(base: base, key: nil).get("/v1/answers/\(globexAnswer.id)")
            #expect(page.status == .ok && page.text.contains("anvil"))
            let html = try await KeyedClient(base: base, key: nil).get("/a/\(globexAnswer.id)")
            #expect(html.status == .ok && html.text.contains("<mark>"), "the customer's page, from Globex's index")
        }
        // Nothing of Globex's reached Acme's store.
        let acmeText = try Self.everything(acme.store)
        let globexText = try Self.everything(globex.store)
        #expect(!acmeText.contains("wile@globex.example") && !acmeText.contains("seven years"))
        #expect(globexText.contains("wile@globex.example") && globexText.contains("seven years"))
    }

    static func everything(_ store: ServiceStore) throws -> String {
        let tables = try store.database.query("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap {
            $0["name"].string
        }
        return try tables.flatMap { table in
            try store.database.query("SELECT * FROM \"\(table)\"").flatMap { $0.values.compactMap(\.string) }
        }
        .joined(separator: "\n")
    }

    @Test("a key for a tenant the server does not serve is refused")
    func unknownTenant() async throws {
        let fixture = try ServerFixture()
        let stray = try fixture.host.access.issue(person: "x", role: .admin, tenant: "initech").key.text
        try await fixture.test(key: stray) { client async throws in
            let response = try await client.get("/v1/handoffs")
            #expect(response.status == .unauthorized && response.text.contains("initech"))
        }
    }
}
