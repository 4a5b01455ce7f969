import Foundation
import Prometheus

/// Counters and latency histograms the server exposes at `/metrics` in Prometheus's text format,
/// kept in a swift-prometheus registry.
///
/// Thread safety: the registry and its metrics lock internally; share one instance across requests.
public final class ServerMetrics: Sendable {
    /// Latency bucket upper bounds, in seconds: 1 ms to 10 s, about ×2.5 apart, so both a
    /// 20 ms answer and a timed-out one land in a bucket of their own.
    public static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// The counters and histograms recorded since start.
    let registry = PrometheusCollectorRegistry()
    private let assist: DurationHistogram
    private let qaScoreSum: Counter
    private let qaScored: Counter

    public init() {
        assist = registry.makeDurationHistogram(
            descriptor: Self.metric(
                "grounded_assist_seconds", "Time from a customer message to its agent suggestions."),
            buckets: Self.durations)
        qaScoreSum = registry.makeCounter(
            descriptor: Self.metric(
                "grounded_qa_score_sum",
                "Sum of the QA scores of scored answers (divide by grounded_qa_scored_total for the mean)."))
        qaScored = registry.makeCounter(
            descriptor: Self.metric("grounded_qa_scored_total", "Answers the QA scorer scored."))
    }

    /// A metric named in full (names are kept as the server has always exposed them).
    private static func metric(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    private static var requests: MetricNameDescriptor {
        metric("grounded_http_requests_total", "HTTP requests by method, route and status.")
    }
    private static var latency: MetricNameDescriptor {
        metric("grounded_http_request_duration_seconds", "Time to answer an HTTP request, by route.")
    }
    private static var answers: MetricNameDescriptor {
        metric("grounded_answers_total", "Answers and declines sent, by channel.")
    }
    private static var routes: MetricNameDescriptor {
        metric("grounded_routes_total", "Route decisions, by action and queue.")
    }

    private static let durations = buckets.map { Duration.nanoseconds(Int64(($0 * 1e9).rounded())) }

    private static func duration(seconds: Double) -> Duration { .nanoseconds(Int64((seconds * 1e9).rounded())) }

    /// Records one finished request.
    public func recordRequest(method: String, route: String, status: Int, seconds: Double) {
        registry.makeCounter(
            descriptor: Self.requests, labels: [("method", method), ("route", route), ("status", "\(status)")]
        ).increment()
        registry.makeDurationHistogram(descriptor: Self.latency, labels: [("route", route)], buckets: Self.durations)
            .record(Self.duration(seconds: seconds))
    }

    /// Records an answer or a decline sent on a channel.
    public func recordAnswer(status: String, channel: String) {
        registry.makeCounter(descriptor: Self.answers, labels: [("status", status), ("channel", channel)]).increment()
    }

    /// Records the time from a customer message to its agent suggestions.
    public func recordAssist(milliseconds: Double) {
        assist.record(Self.duration(seconds: milliseconds / 1000))
    }

    /// Records one route decision: its action and, for a person, the queue.
    public func recordRoute(action: String, queue: String?) {
        registry.makeCounter(descriptor: Self.routes, labels: [("action", action), ("queue", queue ?? "")]).increment()
    }

    /// Records one QA score (nil: the answer was not scoreable, and is not counted).
    public func recordQAScore(_ score: Double?) {
        guard let score else { return }
        qaScoreSum.increment(by: score)
        qaScored.increment()
    }

    /// Everything in Prometheus's text exposition format (0.0.4): the recorded metrics, then the
    /// gauges given, read now (a registry of their own per scrape, so a group that has nothing to
    /// report any more is left out rather than kept at its last value).
    public func exposition(
        gauges: [(name: String, help: String, value: Double)], labelled: [LabelledGauge] = []
    )
        -> String
    {
        let now = PrometheusCollectorRegistry()
        for g in gauges { now.makeGauge(descriptor: Self.metric(g.name, g.help)).set(g.value) }
        for g in labelled { now.makeGauge(descriptor: Self.metric(g.name, g.help), labels: g.labels).set(g.value) }
        return registry.emitToString() + now.emitToString()
    }

    /// One sample of a gauge family with labels (`channel="sms"`).
    public struct LabelledGauge: Sendable {
        public var name: String
        public var help: String
        public var labels: [(String, String)]
        public var value: Double
    }
}
