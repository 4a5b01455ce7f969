import Customers
import Foundation
import Governance
import GroundedTesting
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceDesk
import Testing

@testable import Server

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
            let line =
                """
                \(event.level) \(event.message) \
                \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
                """
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
        "DE89370400440532013000", "123-45-6789", "AB 12 34 56 C", "+1 (415) 555-0132", "+44 20 7946 0958",
        "07700 900123",
        "221 Baker Street", "SW1A 1AA",
    ]

    @Test(
        """
        a day of traffic full of personal data — questions, events, bad requests, ids in paths, errors — logs none \
        of it
        """
    )
    func trafficLogsNoPII() async throws {
        let fixture = try ServerFixture()
        let capture = LogCapture()
        let logger = Logger(label: "grounded.test") { label in
            RedactingLogHandler(wrapping: capture.handler(label: label))
        }
        let app = Application(responder: fixture.host.responder(), logger: logger)
        try await app.test(.router) { base in
            let client = KeyedClient(base: base, key: fixture.adminKey)
            for (i, pii) in Self.corpus.enumerated() {
                let message = "My order A-1000\(i) never came, reach me at \(pii)"
                _ = try await client.post(
                    "/v1/answer", json: #"{"customer": {"email": "c\#(i)@example.com"}, "message": "\#(message)"}"#)
                _ = try await client.post("/v1/route", json: #"{"message": "\#(message)"}"#)
                _ = try await client.post(
                    "/v1/events",
                    json:
                        #"""
                        {"customer": {"phone": "+44 7700 90012\#(i)"}, "type": "profile_updated", "data": {"name": \#
                        "\#(pii)"}}
                        """#
                )
                _ = try await client.post("/v1/answer", json: #"{"message": "\#(message)", "channel": "pager"}"#)
                _ = try await client.post("/v1/answer", json: #"{"message": "\#(message)""#)
                let encoded = pii.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? pii
                _ = try await client.get("/v1/customers/\(encoded)")
                _ = try await client.get("/v1/answers/\(encoded)")
            }
        }
        let log = capture.text
        #expect(
            log.contains("question=My order A-10000 never came, reach me at [email]"),
            "the question is logged, redacted: \(log.prefix(2_000))")
        for pii in Self.corpus
            + Self.corpus.map({ $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0 })
        {
            #expect(!log.contains(pii), "\(pii) leaked into the log")
        }
        #expect(!log.contains("example.co.uk") && !log.contains("7700 9001"))
    }

    @Test("the handler redacts messages, every kind of metadata value and errors, whatever a call site logs")
    func handlerRedactsEverything() {
        let capture = LogCapture()
        var logger = Logger(label: "t") { label in RedactingLogHandler(wrapping: capture.handler(label: label)) }
        logger[metadataKey: "customer"] = "dana.lopez+orders@example.co.uk"
        struct Failure: Error, CustomStringConvertible {
            var description: String { "could not reach +44 20 7946 0958" }
        }
        logger.error(
            "card 4111 1111 1111 1111 declined", error: Failure(),
            metadata: [
                "list": .array([.string("123-45-6789")]),
                "nested": .dictionary(["iban": .string("DE89370400440532013000")]),
                "value": .stringConvertible(Failure()),
            ])
        let log = capture.text
        for pii in ["dana.lopez", "4111", "123-45-6789", "DE89370400440532013000", "7946 0958"] {
            #expect(!log.contains(pii), "\(pii): \(log)")
        }
        #expect(
            log.contains("card [card] declined") && log.contains("[email]") && log.contains("[iban]")
                && log.contains("[phone]"))
    }

    @Test(
        "CR, LF, ESC, NUL and other controls from a path, a header or a body are escaped: no request forges a log line")
    func logsCannotBeForged() async throws {
        let fixture = try ServerFixture()
        let capture = LogCapture()
        let logger = Logger(label: "grounded.test") { label in
            RedactingLogHandler(wrapping: capture.handler(label: label))
        }
        let app = Application(responder: fixture.host.responder(), logger: logger)
        let forged = "FORGED status=200"
        try await app.test(.router) { base in
            let client = KeyedClient(base: base, key: fixture.adminKey)
            let noKey = KeyedClient(base: base, key: nil)
            for control in ["%0A", "%0D%0A", "%1B%5B31m", "%00", "%7F", "%C2%85", "%E2%80%A8"] {
                _ = try await noKey.get("/v1/answers/x\(control)\(forged)")
                _ = try await client.get("/v1/customers/x\(control)\(forged)")
            }
            for control in [#"\n"#, #"\r\n"#, #"\u001b[2J"#, #"\u0000"#, #"\u2028"#] {
                _ = try await client.post(
                    "/v1/answer", json: #"{"message": "Where is my order?\#(control)\#(forged)"}"#)
            }
            for header in ["a\u{01}b", "k\r\n\(forged)", "\u{1B}[31mred"] {
                _ = try await noKey.execute(
                    uri: "/v1/answer", method: .post,
                    headers: [
                        .contentType: "application/json", .authorization: "Bearer \(header)",
                        .userAgent: header,
                    ],
                    body: ByteBuffer(string: #"{"message": "Where is my order?"}"#))
            }
        }
        let lines = capture.text.components(separatedBy: "\n")
        #expect(lines.count > 10)
        for line in lines {
            #expect(!line.hasPrefix(forged) && !line.hasPrefix("FORGED"), "a forged line: \(line)")
            let controls = line.unicodeScalars.filter {
                $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028
            }
            #expect(controls.isEmpty, "raw control characters \(controls.map(\.value)) in: \(line)")
        }
        #expect(
            capture.text.contains(#"x\nFORGED status=200"#),
            "the newline is shown escaped: \(capture.text.prefix(1_500))")
        #expect(capture.text.contains(#"\u{1B}[31m"#) && capture.text.contains(#"\u{0}"#))
    }

    @Test("the escaping is exact: controls become visible escapes, a backslash doubles, everything else is kept")
    func escaping() {
        #expect(LogText.escape("plain text, ünïcode ✓") == "plain text, ünïcode ✓")
        #expect(LogText.escape("a\nb\r\tc") == #"a\nb\r\tc"#)
        #expect(LogText.escape("\u{1B}[2J\u{0}\u{7F}\u{85}\u{2028}") == #"\u{1B}[2J\u{0}\u{7F}\u{85}\u{2028}"#)
        #expect(LogText.escape(#"C:\dir\n"#) == #"C:\\dir\\n"#, "a literal backslash-n is not confused with a newline")
    }
}
