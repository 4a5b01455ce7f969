import Customers
import Foundation
import Governance
import Routing
import ServiceDesk

/// How the HTTP server listens and what it accepts, around the service desk's own configuration.
public struct ServerConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// Largest request body accepted, in bytes. 64 KiB holds a long conversation (doc2dial's
    /// longest dialogue is under 8 KiB of text) with room to spare; bigger bodies get 413.
    public var maxBodyBytes: Int
    /// Longest a request may take before it is answered with 503. A grounded answer takes tens of
    /// milliseconds on a 10k-chunk index; 10 s leaves room for a loaded machine.
    public var requestTimeout: Duration
    /// Quiet time after which an assist stream sends a keep-alive comment. A write to a client that
    /// has gone fails, so a closed console tab frees its stream within about this long; 5 s keeps
    /// that "a few seconds" while costing an idle stream 14 bytes every 5 s.
    public var streamKeepAlive: Duration
    /// The longest an assist stream stays open; it then ends with a `closing` event and the console
    /// reconnects. An hour is longer than a shift's conversation and bounds what one stream holds.
    public var maxStreamLifetime: Duration
    /// How long a graceful shutdown (SIGTERM, SIGINT) lets requests in flight finish before they are
    /// cancelled and the process exits. Assist streams are closed at once with a `closing` event.
    /// 10 s covers the request timeout's default and is what rolling restarts usually allow.
    public var shutdownDeadline: Duration
    /// What the service does with the requests: policies, intents, links, the experiment.
    public var service: ServiceConfiguration

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 64 * 1024,
        requestTimeout: Duration = .seconds(10), maxMessageCharacters: Int = 2_000, publicURL: String? = nil,
        handoffPolicy: HandoffPolicy = .init(), routePolicy: RoutePolicy = .init(), intentExamples: String? = nil,
        proactivePolicy: ProactivePolicy = .init(), retentionPolicy: RetentionPolicy = .init(),
        approvalPolicy: ApprovalPolicy = .init(), feedbackPolicy: FeedbackPolicy = .init(), experiment: ABSwitch? = nil,
        streamKeepAlive: Duration = .seconds(5), maxStreamLifetime: Duration = .seconds(3_600),
        shutdownDeadline: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeout = requestTimeout
        self.streamKeepAlive = streamKeepAlive
        self.maxStreamLifetime = maxStreamLifetime
        self.shutdownDeadline = shutdownDeadline
        service = ServiceConfiguration(
            maxMessageCharacters: maxMessageCharacters, publicURL: publicURL, handoffPolicy: handoffPolicy,
            routePolicy: routePolicy, intentExamples: intentExamples, proactivePolicy: proactivePolicy,
            retentionPolicy: retentionPolicy, approvalPolicy: approvalPolicy, feedbackPolicy: feedbackPolicy,
            experiment: experiment)
    }

    /// - Throws: `ServerConfigurationError` naming the invalid setting.
    public func validate() throws {
        guard (0...65_535).contains(port) else { throw ServerConfigurationError("port \(port) is outside 0...65535") }
        guard maxBodyBytes >= 1_024 else {
            throw ServerConfigurationError("maxBodyBytes \(maxBodyBytes) is below 1024")
        }
        guard requestTimeout > .zero else { throw ServerConfigurationError("requestTimeout must be positive") }
        guard streamKeepAlive > .zero else { throw ServerConfigurationError("streamKeepAlive must be positive") }
        guard maxStreamLifetime > .zero else { throw ServerConfigurationError("maxStreamLifetime must be positive") }
        guard shutdownDeadline >= .zero else { throw ServerConfigurationError("shutdownDeadline must not be negative") }
        guard !host.isEmpty else { throw ServerConfigurationError("host is empty") }
        do { try service.validate() } catch let e as ServiceConfigurationError {
            throw ServerConfigurationError(e.message)
        }
    }
}

/// A server setting that cannot work, and which.
public struct ServerConfigurationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "server configuration: \(message)" }
}
