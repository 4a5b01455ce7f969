import Customers
import Engine
import Foundation
import Governance
import GroundedTesting
import HTTPTypes
import HummingbirdTesting
import Records
import ServiceDesk
import Storage
import Testing

@testable import Server

@Suite("Personal data is redacted wherever it rests or leaves")
struct PersonalDataAtRestTests {
    /// Every text column of every table of a SQLite file, as one string.
    static func everything(in path: String) throws -> String {
        let database = try Database(path: path, readOnly: true)
        var out = ""
        for table in try database.query("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap({
            $0["name"].string
        }) {
            for row in try database.query("SELECT * FROM \(table)") {
                out += row.values.compactMap(\.string).joined(separator: "\n") + "\n"
            }
        }
        return out
    }

    @Test(
        """
        a card number in event data is never stored (its last four digits are); attributes and the customer API show \
        the same
        """
    )
    func eventData() async throws {
        let directory = try TestPaths.temporaryDirectory("pii-at-rest")
        let fixture = try ServerFixture(
            configuration: .init(publicURL: "https://help.example.com"), directory: directory)
        try await fixture.test { client in
            let stored = try await client.post(
                "/v1/events",
                json: """
                    {"customer": {"email": "dana@example.com"}, "type": "payment_failed",
                     "data": {"card": "4111 1111 1111 1111",
                              "note": "call me on +44 20 7946 0958 or dana.l@example.co.uk", "amount": "$42.00"}}
                    """)
            #expect(stored.status == .ok, "\(stored.text)")
            let customer = try stored.decode(Customer.self)
            #expect(customer.attributes["payment_failed.card"] == "[card ending 1111]")
            #expect(customer.attributes["payment_failed.note"] == "call me on [phone] or [email]")
            #expect(customer.attributes["payment_failed.amount"] == "$42.00", "amounts are not personal data")
            let read = try await client.get("/v1/customers/\(customer.id)")
            #expect(!read.text.contains("4111") && !read.text.contains("7946"))
        }
        let database = try Self.everything(in: directory.appendingPathComponent("service.sqlite").path)
        for secret in ["4111 1111 1111 1111", "4111111111111111", "7946 0958", "dana.l@example.co.uk"] {
            #expect(!database.contains(secret), "\(secret) is stored")
        }
    }

    @Test(
        "handoff entities and route records are redacted as the summary is; the transcript keeps the customer's words")
    func handoffsAndRoutes() async throws {
        let fixture = try RouteAPITests.fixture()
        try await fixture.test { client in
            let customer = #""customer": {"email": "lee@example.com"}"#
            let words =
                "My order A-10022 never came, reach me at lee.private@example.org or +1 (415) 555-0132. Can I talk to "
                + "a person?"
            let handed = try (try await client.post("/v1/answer", json: #"{\#(customer), "message": "\#(words)"}"#))
                .decode(AnswerResponse.self)
            let handoffID = try #require(handed.handoff?.id)
            let handoff = try await client.get("/v1/handoffs/\(handoffID)")
            #expect(handoff.status == .ok)
            #expect(
                !handoff.text.contains("lee.private@example.org") && !handoff.text.contains("555-0132"),
                "\(handoff.text)")
            #expect(
                handoff.text.contains("[email]") && handoff.text.contains("A-10022"),
                "order numbers stay: \(handoff.text)")
            let conversation = try await client.get("/v1/conversations/\(try #require(handed.conversationID))")
            #expect(
                conversation.text.contains("lee.private@example.org"),
                "the transcript is the customer's words, for the agent")

            let route = try
                (try await client.post(
                    "/v1/route",
                    json: #"{"message": "I want to cancel, card 4111 1111 1111 1111, email me at x.y@example.com"}"#))
                .decode(RecordedRoute.self)
            let read = try await client.get("/v1/routes/\(route.id)")
            #expect(
                !read.text.contains("4111") && !read.text.contains("x.y@example.com") && read.text.contains("[card]"),
                "\(read.text)")
        }
    }

    @Test("the redactor never cuts one of our ids, whatever digits it holds")
    func idsAreNotPersonalData() {
        let redactor = PIIRedactor()
        for id in [
            "sug_b987c626491647548606", "ans_4111111111111111", "conv_07700900123",
            "gk_0123456789ab_4111111111111111abcdef",
        ] {
            #expect(redactor.redact("suggested draft \(id) for the agent") == "suggested draft \(id) for the agent")
        }
        #expect(
            redactor.redact("sug_12 then 4111 1111 1111 1111") == "sug_12 then [card]",
            "a card after an id is still found")
    }

    @Test("databases, keys and index files are created readable by their owner only (0600), their folders 0700")
    func fileModes() async throws {
        let data = try TestPaths.temporaryDirectory("modes")
        let tenant = data.appendingPathComponent("tenant")
        let store = try ServiceStore(directory: tenant)
        _ = try AccessStore(directory: tenant)
        try store.audit.append(AuditEvent(actor: "t", action: "t", subject: "t", outcome: "t"))
        func mode(_ url: URL) throws -> Int {
            try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
        }
        #expect(try mode(tenant) == 0o700)
        for file in ["service.sqlite", "access.sqlite"] {
            #expect(try mode(tenant.appendingPathComponent(file)) == 0o600, "\(file)")
        }
        let index = data.appendingPathComponent("index")
        _ = try GroundedEngine.ingest(corpus: TestPaths.packageRoot.appendingPathComponent("Corpus/faq"), index: index)
        #expect(try mode(index) == 0o700)
        #expect(try mode(index.appendingPathComponent("knowledge.sqlite")) == 0o600)
        let builds = index.appendingPathComponent("builds")
        #expect(try mode(builds) == 0o700)
        for build in try FileManager.default.contentsOfDirectory(at: builds, includingPropertiesForKeys: nil) {
            #expect(try mode(build) == 0o700)
            for file in try FileManager.default.contentsOfDirectory(at: build, includingPropertiesForKeys: nil) {
                #expect(try mode(file) == 0o600, "\(file.lastPathComponent)")
            }
        }
    }
}
