import Foundation
import GroundedCore
import HTTPTypes
import HummingbirdTesting
import ServiceDesk
import Testing

@testable import Server

@Suite("The answer page over HTTP")
struct AnswerPageAPITests {
    @Test("/a/{id} and /v1/answers/{id} with Accept: text/html give the page; JSON stays JSON; unknown ids 404")
    func negotiation() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let answer = try await client.post(
                "/v1/answer",
                json: #"""
                    {"customer": {"email": "page@example.com"}, "channel": "sms",
                     "message": "How many days do I have to return an item?"}
                    """#
            ).decode(AnswerResponse.self)
            #expect(answer.status == .answered && answer.link.hasSuffix("/a/\(answer.id)"))
            let page = try await client.get("/a/\(answer.id)")
            #expect(page.status == .ok && page.headers[.contentType]?.hasPrefix("text/html") == true)
            let csp = try #require(page.headers[HTTPField.Name("Content-Security-Policy")!])
            #expect(csp.contains("default-src 'none'") && !csp.contains("script"))
            for c in answer.citations {
                #expect(page.text.contains("<mark>"), "every citation highlighted")
                #expect(page.text.contains(HTMLTextProbe.escape(c.title)))
            }
            for hidden in [answer.customerID!, answer.conversationID!, "page@example.com", "<script"] {
                #expect(!page.text.contains(hidden), "\(hidden) on the page")
            }
            let negotiated = try await client.execute(
                uri: "/v1/answers/\(answer.id)", method: .get,
                headers: [.accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"], body: nil)
            #expect(negotiated.text == page.text)
            let json = try await client.execute(
                uri: "/v1/answers/\(answer.id)", method: .get, headers: [.accept: "application/json"], body: nil)
            #expect(json.headers[.contentType]?.hasPrefix("application/json") == true)
            let missing = try await client.get("/a/ans_missing")
            #expect(missing.status == .notFound && missing.text.contains("Answer not found"))
        }
    }

    @Test("Accept headers: a browser's ranks HTML first; an API client's and */* do not")
    func accept() {
        #expect(GroundedService.prefersHTML("text/html,application/xhtml+xml,*/*;q=0.8"))
        #expect(GroundedService.prefersHTML("text/html"))
        #expect(!GroundedService.prefersHTML("application/json"))
        #expect(!GroundedService.prefersHTML("*/*"))
        #expect(!GroundedService.prefersHTML(nil))
        #expect(!GroundedService.prefersHTML("application/json, text/html;q=0.5"))
    }
}

/// The page's escaping, for comparing titles as the page writes them.
enum HTMLTextProbe {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
