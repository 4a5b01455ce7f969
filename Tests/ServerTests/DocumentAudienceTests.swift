import Engine
import Foundation
import Governance
import GroundedTesting
import HTTPTypes
import HummingbirdTesting
import Knowledge
import ServiceDesk
import Testing

@testable import Server

@Suite("Every role sees only its audience")
struct DocumentAudienceTests {
    struct Document: Decodable {
        var id, version, audience, text: String
        var effective: String?
    }

    @Test("a channel key cannot read an internal document; agents, knowledge managers, QA and ops leads can")
    func documentsByRole() async throws {
        let fixture = try ServerFixture()
        for (role, admitted) in [
            (Role.channel, false), (.agent, true), (.knowledgeManager, true), (.qa, true), (.opsLead, true),
            (.admin, true),
        ] {
            try await fixture.test(key: try fixture.key(role)) { client in
                let agentOnly = try await client.get("/v1/documents/fraud-checks")
                #expect(agentOnly.status == (admitted ? .ok : .notFound), "\(role)")
                #expect(agentOnly.text.contains("Do not mention") == admitted, "\(role): \(agentOnly.text.prefix(200))")
                if admitted { #expect(try agentOnly.decode(Document.self).audience == "internal") }
                let open = try await client.get("/v1/documents/returns-policy")
                #expect(open.status == .ok, "\(role)")
                #expect(try open.decode(Document.self).audience == "public", "\(role)")
            }
        }
        // Without a key the route is refused before it looks anything up.
        try await fixture.test(key: nil) { client in
            let refused = try await client.get("/v1/documents/returns-policy")
            #expect(refused.status == .unauthorized)
        }
    }

    @Test("a version not yet in effect is returned only when asked for by date")
    func effectiveVersions() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(key: try fixture.key(.channel)) { client in
            // shipping-policy v2 is in effect from 2024-02-01, v3 from 2027-01-01.
            let today = try await client.get("/v1/documents/shipping-policy")
            #expect(try today.decode(Document.self).version == (EffectiveDate.today() >= "2027-01-01" ? "3" : "2"))
            #expect(
                try (try await client.get("/v1/documents/shipping-policy?asOf=2026-06-01")).decode(Document.self)
                    .version == "2")
            #expect(
                try (try await client.get("/v1/documents/shipping-policy?asOf=2027-02-01")).decode(Document.self)
                    .version == "3")
            #expect(try await client.get("/v1/documents/shipping-policy?version=3&asOf=2026-06-01").status == .notFound)
            #expect(
                try (try await client.get("/v1/documents/shipping-policy?version=3&asOf=2027-01-01")).decode(
                    Document.self
                ).version == "3")
            #expect(
                try (try await client.get("/v1/documents/shipping-policy?version=2&asOf=2027-02-01")).decode(
                    Document.self
                ).version == "2",
                "an earlier version stays readable: old answers cite it")
            #expect(try await client.get("/v1/documents/shipping-policy?asOf=2020-01-01").status == .notFound)
            for bad in ["asOf=tomorrow", "asOf=2026-13-01", "asof=2026-01-01", "verison=2"] {
                let response = try await client.get("/v1/documents/shipping-policy?\(bad)")
                #expect(response.status == .badRequest, "\(bad): \(response.text)")
            }
        }
    }

    @Test("live assist shows the agent internal passages, marked internal, and never puts internal text in the draft")
    func assistIncludesInternal() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let customer = #""customer": {"email": "ida@example.com"}"#
            _ = try await client.post("/v1/answer", json: #"{\#(customer), "message": "Can I talk to a person?"}"#)
            let handed = try
                (try await client.post(
                    "/v1/answer",
                    json:
                        #"""
                        {\#(customer), "message": "My return is 10 days past the return window. Can you make an \#
                        exception and still refund it?"}
                        """#
                ))
                .decode(AnswerResponse.self)
            let id = try #require(handed.conversationID)
            let stream = try await client.get("/v1/conversations/\(id)/assist?limit=1")
            let suggestions = try #require(try AssistAPITests.events(stream.text).first)
            let agentOnly = suggestions.snippets.filter { $0.audience == "internal" }
            #expect(
                agentOnly.contains { $0.documentID == "refund-exceptions" }, "\(suggestions.snippets.map(\.documentID))"
            )
            let knowledge = CorpusFixture.engine.knowledge
            for snippet in suggestions.snippets {
                let document = try #require(knowledge.document(id: snippet.documentID, version: snippet.version))
                #expect(snippet.audience == document.metadata.audience.rawValue)
            }
            for citation in suggestions.draft?.citations ?? [] {
                let audience = knowledge.document(id: citation.documentID, version: citation.version)?.metadata.audience
                #expect(
                    audience == DocumentMetadata.Audience.public,
                    "the draft goes to the customer: \(citation.documentID)")
            }
            let draftText = suggestions.draft?.text ?? ""
            #expect(!draftText.contains("once per customer per year"), "\(draftText)")
        }
    }
}
