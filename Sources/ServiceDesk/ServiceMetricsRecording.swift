/// Where the service desk reports what it did, for a front end's metrics (the server's
/// Prometheus registry). Implementations must be safe to call from any thread.
public protocol ServiceMetricsRecording: Sendable {
    /// One answer (or decline, or clarifying question) sent on `channel`.
    func recordAnswer(status: String, channel: String)
    /// One set of live suggestions made, and how long it took.
    func recordAssist(milliseconds: Double)
    /// One route decision.
    func recordRoute(action: String, queue: String?)
    /// One answer scored by QA (nil: nothing the scorer could grade).
    func recordQAScore(_ score: Double?)
}

/// Records nothing: a desk without a front end that keeps metrics (the command line).
public struct UnrecordedMetrics: ServiceMetricsRecording {
    public init() {}
    public func recordAnswer(status: String, channel: String) {}
    public func recordAssist(milliseconds: Double) {}
    public func recordRoute(action: String, queue: String?) {}
    public func recordQAScore(_ score: Double?) {}
}
