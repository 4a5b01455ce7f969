import Foundation
import GroundedTesting
import HTTPTypes
import HummingbirdTesting
import ServiceDesk
import Testing

@testable import Server

@Suite("Assist streams end")
struct AssistStreamTests {
    /// A fixture whose streams send a keep-alive every 100 ms.
    static func fixture(lifetime: Duration = .seconds(3_600)) throws -> ServerFixture {
        try ServerFixture(
            configuration: .init(
                publicURL: "https://help.example.com", streamKeepAlive: .milliseconds(100),
                maxStreamLifetime: lifetime))
    }

    /// A conversation handed to a person, so agents watch it; its id.
    static func handedOff(_ client: any TestClientProtocol) async throws -> String {
        let customer = #""customer": {"email": "kim@example.com"}"#
        let response = try await client.post(
            "/v1/answer", json: #"{\#(customer), "message": "Can I talk to a person?"}"#)
        return try #require(try response.decode(AnswerResponse.self).conversationID)
    }

    /// Waits (up to `seconds`) until the hub holds `count` open streams; whether it did. The bound
    /// is generous: under the whole suite's load the keep-alive tasks may wait long for a thread.
    static func openStreams(_ hub: AssistHub, become count: Int, within seconds: Double) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while hub.openStreams != count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return hub.openStreams == count
    }

    @Test(
        "a client that hangs up mid-stream frees the stream: the keep-alive's write fails and /metrics goes back to 0")
    func clientHangsUp() async throws {
        let fixture = try Self.fixture()
        try await fixture.live { client, port in
            let id = try await Self.handedOff(client)
            var agents: [RawHTTPClient] = []
            for _ in 0..<3 {
                let agent = try RawHTTPClient(port: port)
                try agent.get(
                    "/v1/conversations/\(id)/assist", headers: ["Authorization": "Bearer \(fixture.adminKey)"])
                #expect(await agent.read(until: ": keep-alive", timeout: 60), "\(agent.received)")
                agents.append(agent)
            }
            #expect(fixture.service.hub.openStreams == 3)
            #expect(try await client.get("/metrics").text.contains("grounded_assist_streams_open 3.0"))
            for agent in agents { agent.hangUp() }
            #expect(try await Self.openStreams(fixture.service.hub, become: 0, within: 60))
            #expect(fixture.service.hub.watchers(of: id) == 0)
            #expect(try await client.get("/metrics").text.contains("grounded_assist_streams_open 0.0"))
        }
    }

    @Test("closing every stream sends each agent a closing event that says to reconnect, and ends the response")
    func closeAll() async throws {
        let fixture = try Self.fixture()
        try await fixture.live { client, port in
            let id = try await Self.handedOff(client)
            let agent = try RawHTTPClient(port: port)
            try agent.get("/v1/conversations/\(id)/assist", headers: ["Authorization": "Bearer \(fixture.adminKey)"])
            #expect(await agent.read(until: "event: suggestions", timeout: 60))
            fixture.service.hub.closeAll(reason: "the server is shutting down; reconnect")
            #expect(await agent.read(until: "\r\n0\r\n\r\n", timeout: 60), "the chunked body ends: \(agent.received)")
            #expect(
                agent.received.contains(
                    "event: closing\ndata: {\"reason\":\"the server is shutting down; reconnect\",\"reconnect\":true}"))
            #expect(try await Self.openStreams(fixture.service.hub, become: 0, within: 60))
            // A watch opened after the close gets the closing event alone.
            let late = try await client.get("/v1/conversations/\(id)/assist")
            #expect(late.text.hasPrefix("event: closing") && !late.text.contains("event: suggestions"))
        }
    }

    @Test("a stream with no limit ends at its lifetime with a closing event")
    func lifetime() async throws {
        let fixture = try Self.fixture(lifetime: .milliseconds(300))
        try await fixture.test { client in
            let id = try await Self.handedOff(client)
            let stream = try await client.get("/v1/conversations/\(id)/assist")
            #expect(stream.status == .ok)
            #expect(stream.text.contains("event: suggestions") && stream.text.contains(": keep-alive"))
            #expect(
                stream.text.hasSuffix(
                    "event: closing\ndata: {\"reason\":\"this stream reached its lifetime of 0.3 seconds; "
                        + "reconnect\",\"reconnect\":true}\n\n"
                ),
                "\(stream.text)")
            #expect(fixture.service.hub.openStreams == 0)
        }
    }

    @Test("limit is a whole number from 1 to 10,000: anything else is a 400 naming it, never an endless stream")
    func strictLimit() async throws {
        let fixture = try Self.fixture()
        try await fixture.test { client in
            let id = try await Self.handedOff(client)
            for bad in ["abc", "1e3", "-1", "0", "+5", "1.0", "", "12345678901234567890", "10001"] {
                let response = try await client.get("/v1/conversations/\(id)/assist?limit=\(bad)")
                #expect(response.status == .badRequest, "limit=\(bad)")
                #expect(response.text.contains("query parameter limit"), "limit=\(bad): \(response.text)")
            }
            #expect(fixture.service.hub.openStreams == 0)
        }
    }
}
