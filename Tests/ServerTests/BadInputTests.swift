import Customers
import Foundation
import GroundedTesting
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Records
import ServiceDesk
import Testing

@testable import Server

@Suite("Bad input")
struct BadInputTests {
    /// The error body every failure carries.
    static func error(_ response: TestResponse) throws -> APIError.Body.Detail {
        try response.decode(APIError.Body.self).error
    }

    @Test(
        """
        malformed, incomplete and unsupported requests get 4xx JSON errors that say what to fix, and nothing is \
        archived
        """,
        arguments: [
            ("{not json", 400, "not valid JSON"),
            (#"{"channel": "chat"}"#, 400, "field message is missing"),
            (#"{"message": "   "}"#, 400, "message is empty"),
            (#"{"message": "Returns?", "channel": "fax"}"#, 400, "unsupported channel \"fax\""),
            (#"{"message": 42}"#, 400, "field message: expected a string"),
            (#"{"message": "Returns?", "conversation": [{"role": "robot", "text": "hi"}]}"#, 400, "conversation"),
        ])
    func malformed(body: String, status: Int, phrase: String) async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let response = try await client.post("/v1/answer", json: body)
            #expect(response.status.code == status)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let error = try Self.error(response)
            #expect(error.status == status)
            #expect(error.message.contains(phrase), "\(error.message)")
        }
        #expect(try fixture.service.store.answers.count() == 0)
    }

    @Test("a body over the limit gets 413 whether or not it declares its length; a long message gets 400")
    func oversized() async throws {
        let fixture = try ServerFixture(configuration: .init(maxBodyBytes: 4_096))
        let big = #"{"message": "\#(String(repeating: "refund ", count: 1_000))"}"#
        try await fixture.test { client in
            let declared = try await client.post("/v1/answer", json: big)
            #expect(declared.status == .contentTooLarge)
            #expect(try Self.error(declared).code == "too_large")
            // Chunked: no Content-Length, so the limit bites while the body is read.
            let chunked = try await client.execute(
                uri: "/v1/answer", method: .post,
                headers: [.contentType: "application/json", .transferEncoding: "chunked"],
                body: .init(string: big))
            #expect(chunked.status == .contentTooLarge)
            let long = #"{"message": "\#(String(repeating: "a", count: 2_001))"}"#
            let tooLong = try await client.post("/v1/answer", json: long)
            #expect(tooLong.status == .badRequest)
            #expect(try Self.error(tooLong).message.contains("2001 characters"))
        }
        #expect(try fixture.service.store.answers.count() == 0)
    }

    @Test("unknown routes and unknown answer ids get 404 JSON errors")
    func unknown() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let route = try await client.get("/v2/answer")
            #expect(route.status == .notFound)
            #expect(try Self.error(route).code == "not_found")
            let id = try await client.get("/v1/answers/ans_missing")
            #expect(id.status == .notFound)
            #expect(try Self.error(id).message.contains("ans_missing"))
        }
    }

    @Test("work that outlasts the request timeout is answered with 503, and the server goes on")
    func timeout() async throws {
        let fixture = try ServerFixture(configuration: .init(requestTimeout: .milliseconds(20)))
        let release = DispatchSemaphore(value: 0)
        await #expect {
            try await fixture.service.offload {
                release.wait()
                return 1
            }
        } throws: { error in
            (error as? APIError)?.code == "timeout" && (error as? APIError)?.status == .serviceUnavailable
        }
        release.signal()
        #expect(try await fixture.service.offload { 2 } == 2)
    }

    @Test("an invalid configuration is refused with the setting named")
    func configuration() throws {
        #expect(throws: ServerConfigurationError.self) { try ServerConfiguration(port: 70_000).validate() }
        #expect(throws: ServerConfigurationError.self) { try ServerConfiguration(maxBodyBytes: 10).validate() }
        #expect(throws: ServerConfigurationError.self) { try ServerConfiguration(requestTimeout: .zero).validate() }
    }
}
