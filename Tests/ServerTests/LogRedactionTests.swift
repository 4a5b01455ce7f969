import Customers
import Foundation
import Governance
import GroundedTesting
import Hummingbird
import HummingbirdTesting
import Logging
@testable import Server
import Testing

/// Keeps every line a logger writes, rendered as the standard handler would (message, metadata
/// and error).
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var text: String { lock.withLock { lines.joined(separator: "\n") } }

    func handler(label: String) -> any LogHandler { Handler(capture: self) }

    struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let line = "\(event.level) \(event.message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
                + (event.error.map { " error=\($0)" } ?? "")
            capture.lock.withLock { capture.lines.append(line) }
        }
    }
}

@Suite("No personal data in logs")
struct LogRedactionTests {
    /// Personal data as customers write it: one of each kind the redactor knows.
    static let corpus = [
        "dana.lopez+orders@example.co.uk", "4111 1111 1111 1111", "5500-0000-0000-0004", "GB82 WEST 1234 5698 7654 32",
        "DE89370400440532013000", "123-45-6789", "AB 12 34 56 C", "+1 (415) 555-0132", "+44 20 7946 0958", "07700 900123",
        "221 Baker Street", "SW1A 1AA",
    ]

    @Test("a day of traffic full of personal data — questions, events, bad requests, ids in paths, errors — logs none of it")
    func trafficLogsNoPII() async throws {
        let fixture = try ServerFixture()
        let capture = LogCapture()
        let logger = Logger(label: "grounded.test") { label in RedactingLogHandler(wrapping: capture.handler(label: label)) }
        let app = Application(responder: fixture.host.responder(), logger: logger)
        try await app.test(.router) { base in
            let client = KeyedClient(base: base, key: fixture.adminKey)
            for (i, pii) in Self.corpus.enumerated() {
                let message = "My order A-1000\(i) never came, reach me at \(pii)"
                _ = try await client.post("/v1/answer", json: #"{"customer": {"email": "c\#(i)@example.com"}, "message": "\#(message)"}"#)
                _ = try await client.post("/v1/route", json: #"{"message": "\#(message)"}"#)
                _ = try await client.post("/v1/events", json: #"{"customer": {"phone": "+44 7700 90012\#(i)"}, "type": "profile_updated", "data": {"name": "\#(pii)"}}"#)
                _ = try await client.post("/v1/answer", json: #"{"message": "\#(message)", "channel": "pager"}"#)
                _ = try await client.post("/v1/answer", json: #"{"message": "\#(message)""#)
                let encoded = pii.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? pii
                _ = try await client.get("/v1/customers/\(encoded)")
                _ = try await client.get("/v1/answers/\(encoded)")
            }
        }
        let log = capture.text
        #expect(log.contains("question=My order A-10000 never came, reach me at [email]"), "the question is logged, redacted: \(log.prefix(2_000))")
        for pii in Self.corpus + Self.corpus.map({ $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0 }) {
            #expect(!log.contains(pii), "\(pii) leaked into the log")
        }
        #expect(!log.contains("example.co.uk") && !log.contains("7700 9001"))
    }

    @Test("the handler redacts messages, every kind of metadata value and errors, whatever a call site logs")
    func handlerRedactsEverything() {
        let capture = LogCapture()
        var logger = Logger(label: "t") { label in RedactingLogHandler(wrapping: capture.handler(label: label)) }
        logger[metadataKey: "customer"] = "dana.lopez+orders@example.co.uk"
        struct Failure: Error, CustomStringConvertible { var description: String { "could not reach +44 20 7946 0958" } }
        logger.error("card 4111 1111 1111 1111 declined", error: Failure(), metadata: [
            "list": .array([.string("123-45-6789")]), "nested": .dictionary(["iban": .string("DE89370400440532013000")]),
            "value": .stringConvertible(Failure()),
        ])
        let log = capture.text
        for pii in ["dana.lopez", "4111", "123-45-6789", "DE89370400440532013000", "7946 0958"] { #expect(!log.contains(pii), "\(pii): \(log)") }
        #expect(log.contains("card [card] declined") && log.contains("[email]") && log.contains("[iban]") && log.contains("[phone]"))
    }
}
