import Customers
import Engine
import Foundation
import Governance
import GroundedTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Knowledge
import Records
import Server
import ServiceDesk
import Testing

@Suite("Operations")
struct OperationsTests {
    @Test("the OpenAPI document describes exactly the routes the server has")
    func openAPIMatchesRoutes() throws {
        let fixture = try ServerFixture()
        let routes = Set(
            fixture.service.router().routes.map { route -> String in
                let path = route.path.description.split(separator: "/").map {
                    $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
                }
                return "\(route.method.rawValue) /" + path.joined(separator: "/")
            })
        let documented = try OpenAPIDocument.operations()
        #expect(!routes.isEmpty)
        #expect(
            routes == documented,
            "undocumented: \(routes.subtracting(documented)); not served: \(documented.subtracting(routes))")
    }

    @Test("metrics count requests by route and status, answers and declines by channel, and the index size")
    func metrics() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            _ = try await client.post("/v1/answer", json: AnswerAPITests.question)
            _ = try await client.post(
                "/v1/answer", json: #"{"message": "Do you repair electric scooters?", "channel": "sms"}"#)
            _ = try await client.post("/v1/answer", json: "{bad")
            let text = try await client.get("/metrics").text
            #expect(
                text.contains(#"grounded_http_requests_total{method="POST",route="/v1/answer",status="200"} 2"#),
                "\(text)")
            #expect(text.contains(#"grounded_http_requests_total{method="POST",route="/v1/answer",status="400"} 1"#))
            #expect(text.contains(#"grounded_answers_total{status="answered",channel="chat"} 1"#))
            #expect(text.contains(#"grounded_answers_total{status="declined",channel="sms"} 1"#))
            #expect(text.contains(#"grounded_http_request_duration_seconds_count{route="/v1/answer"} 3"#))
            #expect(text.contains("grounded_index_chunks \(Double(CorpusFixture.engine.knowledge.chunks.count))"))
            // The open build, its age, and the last ingest of the fixture's index.
            let knowledge = CorpusFixture.engine.knowledge
            #expect(text.contains(#"grounded_index_build_info{build="\#(knowledge.build.buildID)""#), "\(text)")
            #expect(text.contains("grounded_index_build_age_seconds "))
            #expect(text.contains("grounded_last_ingest_chunks \(Double(knowledge.chunks.count))"))
            #expect(text.contains("grounded_last_ingest_added_documents \(Double(knowledge.documents.count))"))
            #expect(text.contains("grounded_last_ingest_duration_seconds "))
        }
    }

    @Test(
        """
        metrics carry the service outcomes per channel: deflection, escalation, first-contact resolution, mean QA \
        score
        """
    )
    func outcomeMetrics() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            _ = try await client.post(
                "/v1/answer",
                json:
                    #"""
                    {"message": "How long do I have to return an item?", "channel": "chat", "customer": {"email": \#
                    "ola@example.com"}}
                    """#
            )
            _ = try await client.post(
                "/v1/answer",
                json:
                    #"""
                    {"message": "Do you repair electric scooters?", "channel": "sms", "customer": {"email": \#
                    "per@example.com"}}
                    """#
            )
            _ = try await client.post(
                "/v1/answer",
                json:
                    #"""
                    {"message": "Do you sell smart fridges?", "channel": "sms", "customer": {"email": \#
                    "per@example.com"}}
                    """#
            )
            let text = try await client.get("/metrics").text
            #expect(text.contains(#"grounded_deflection_ratio{channel="chat"} 1.0"#), "\(text)")
            #expect(text.contains(#"grounded_escalation_ratio{channel="sms"} 1.0"#))
            #expect(text.contains(#"grounded_first_contact_resolution_ratio{channel="chat"} 1.0"#))
            #expect(text.contains(#"grounded_qa_score_mean{channel="chat"} "#))
            #expect(!text.contains("nan") && !text.contains("NaN"))
        }
    }

    @Test("answers, declines, handoffs and route decisions are written to the audit log, chained and redacted")
    func audit() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            _ = try await client.post("/v1/answer", json: AnswerAPITests.question)
            _ = try await client.post(
                "/v1/answer",
                json: #"{"message": "Do you repair electric scooters?", "customer": {"email": "ida@example.com"}}"#)
            _ = try await client.post(
                "/v1/answer", json: #"{"message": "agent please", "customer": {"email": "ida@example.com"}}"#)
            _ = try await client.post("/v1/route", json: #"{"message": "I will sue you, call me on 07700 900123"}"#)
        }
        let all = try fixture.service.store.audit.entries()
        let installed = PolicyKind.allCases.count
        #expect(
            all.prefix(installed).map(\.action) == Array(repeating: "policy-installed", count: installed),
            "the first start installs each policy, audited")
        #expect(Governance.AuditChain.verify(all).intact)
        let entries = Array(all.dropFirst(installed))
        #expect(entries.map(\.action).filter { $0 != "suggestion" } == ["answer", "decline", "handoff", "route"])
        #expect(
            entries.contains { $0.action == "suggestion" }, "agent suggestions for the known customer are audited too")
        #expect(entries[0].outcome.hasPrefix("answered citing returns-policy@"))
        #expect(entries.allSatisfy { $0.indexVersion == CorpusFixture.engine.knowledge.build.buildID })
        let route = try #require(entries.last)
        #expect(route.outcome.contains("rule escalate.legal-threat") && route.policyVersion == "routing-1")
        #expect(route.inputs["message"] == "I will sue you, call me on [phone]")
    }

    @Test(
        "DELETE /v1/customers/{id} forgets the customer, is audited, and leaves the chain intact; an unknown id is 404")
    func erasure() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let answer = try
                (try await client.post(
                    "/v1/answer",
                    json:
                        #"""
                        {"message": "How long do I have to return an item?", "customer": {"email": \#
                        "zoe@example.com"}}
                        """#
                ))
                .decode(AnswerResponse.self)
            let id = try #require(answer.customerID)
            let response = try await client.execute(uri: "/v1/customers/\(id)", method: .delete)
            #expect(response.status == .ok && response.text.contains(#""customers":1"#), "\(response.text)")
            #expect(try await client.get("/v1/customers/\(id)").status == .notFound)
            #expect(try await client.get("/v1/answers/\(answer.id)").status == .notFound)
            #expect(try await client.execute(uri: "/v1/customers/\(id)", method: .delete).status == .notFound)
        }
        let entries = try fixture.service.store.audit.entries()
        #expect(entries.last?.action == "erasure" && Governance.AuditChain.verify(entries).intact)
    }

    @Test("the OpenAPI document is served")
    func servedDocument() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let response = try await client.get("/openapi.json")
            #expect(
                response.status == .ok && response.text == OpenAPIDocument.json && response.text.contains("/v1/answer"))
        }
    }
}

@Suite("Console")
struct ConsoleTests {
    @Test("the console page is served, and the documents it highlights spans in come back whole")
    func consoleAndDocuments() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let page = try await client.get("/console")
            #expect(page.status == .ok && page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("EventSource") && page.text.contains("/v1/conversations/"))
            let answer = try (try await client.post("/v1/answer", json: AnswerAPITests.question)).decode(
                AnswerResponse.self)
            let citation = try #require(answer.citations.first)
            let response = try await client.get("/v1/documents/\(citation.documentID)?version=\(citation.version)")
            #expect(response.status == .ok)
            struct Document: Decodable { var id, version, title, text: String }
            let document = try response.decode(Document.self)
            let scalars = Array(document.text.unicodeScalars)[citation.start..<citation.end]
            #expect(
                String(String.UnicodeScalarView(scalars)) == citation.quote, "the span the console marks is the quote")
            #expect(try await client.get("/v1/documents/no-such-doc").status == .notFound)
            #expect(try await client.get("/v1/documents/\(citation.documentID)?version=99").status == .notFound)
        }
    }
}
