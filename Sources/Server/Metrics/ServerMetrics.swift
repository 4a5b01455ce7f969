import Foundation
import Synchronization

/// Counters and latency histograms the server exposes at `/metrics` in Prometheus's text format.
///
/// Thread safety: every method takes the lock; share one instance across requests.
public final class ServerMetrics: Sendable {
    /// Latency bucket upper bounds, in seconds: 1 ms to 10 s, about ×2.5 apart, so both a
    /// 20 ms answer and a timed-out one land in a bucket of their own.
    public static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Histogram {
        var counts = [Int](repeating: 0, count: ServerMetrics.buckets.count)
        var sum = 0.0
        var count = 0

        mutating func observe(_ seconds: Double) {
            for (i, bound) in ServerMetrics.buckets.enumerated() where seconds <= bound { counts[i] += 1 }
            sum += seconds
            count += 1
        }

        /// Its sample lines: cumulative buckets, sum and count, with `labels` (`route="/x"`) on each.
        func lines(_ name: String, labels: String = "") -> [String] {
            let prefix = labels.isEmpty ? "" : labels + ","
            let braces = labels.isEmpty ? "" : "{\(labels)}"
            return zip(ServerMetrics.buckets, counts).map { "\(name)_bucket{\(prefix)le=\"\($0)\"} \($1)" }
                + [
                    "\(name)_bucket{\(prefix)le=\"+Inf\"} \(count)", "\(name)_sum\(braces) \(sum)",
                    "\(name)_count\(braces) \(count)",
                ]
        }
    }

    struct State {
        var requests: [String: Int] = [:]  // rendered labels → count
        var latency: [String: Histogram] = [:]  // route → histogram
        var answers: [String: Int] = [:]  // rendered labels → count
        var assist = Histogram()  // seconds from a customer message to suggestions
        var routes: [String: Int] = [:]  // rendered labels → count
        var qaScoreSum = 0.0  // QA scores of scoreable answers
        var qaScored = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Records one finished request.
    public func recordRequest(method: String, route: String, status: Int, seconds: Double) {
        state.withLock { s in
            s.requests[Self.labels(["method": method, "route": route, "status": "\(status)"]), default: 0] += 1
            s.latency[route, default: Histogram()].observe(seconds)
        }
    }

    /// Records an answer or a decline sent on a channel.
    public func recordAnswer(status: String, channel: String) {
        state.withLock { $0.answers[Self.labels(["status": status, "channel": channel]), default: 0] += 1 }
    }

    /// Records the time from a customer message to its agent suggestions.
    public func recordAssist(milliseconds: Double) {
        state.withLock { $0.assist.observe(milliseconds / 1000) }
    }

    /// Records one route decision: its action and, for a person, the queue.
    public func recordRoute(action: String, queue: String?) {
        state.withLock { $0.routes[Self.labels(["action": action, "queue": queue ?? ""]), default: 0] += 1 }
    }

    /// Records one QA score (nil: the answer was not scoreable, and is not counted).
    public func recordQAScore(_ score: Double?) {
        guard let score else { return }
        state.withLock { s in
            s.qaScoreSum += score
            s.qaScored += 1
        }
    }

    /// How many answers (or declines) were recorded for this status, over every channel.
    public func answers(status: String) -> Int {
        let label = "status=\"\(Self.escape(status))\""
        return state.withLock { s in s.answers.filter { $0.key.contains(label) }.values.reduce(0, +) }
    }

    /// Everything in Prometheus's text exposition format (0.0.4), with the index gauges given.
    public func exposition(gauges: [(name: String, help: String, value: Double)]) -> String {
        let s = state.withLock { $0 }
        var out: [String] = []
        out += Self.counter("grounded_http_requests_total", "HTTP requests by method, route and status.", s.requests)
        out.append("# HELP grounded_http_request_duration_seconds Time to answer an HTTP request, by route.")
        out.append("# TYPE grounded_http_request_duration_seconds histogram")
        for (route, h) in s.latency.sorted(by: { $0.key < $1.key }) {
            out += h.lines("grounded_http_request_duration_seconds", labels: "route=\"\(Self.escape(route))\"")
        }
        out += Self.counter("grounded_answers_total", "Answers and declines sent, by channel.", s.answers)
        out += Self.counter("grounded_routes_total", "Route decisions, by action and queue.", s.routes)
        out.append("# HELP grounded_assist_seconds Time from a customer message to its agent suggestions.")
        out.append("# TYPE grounded_assist_seconds histogram")
        out += s.assist.lines("grounded_assist_seconds")
        out.append(
            "# HELP grounded_qa_score_sum Sum of the QA scores of scored answers (divide by grounded_qa_scored_total for the mean)."
        )
        out.append("# TYPE grounded_qa_score_sum counter")
        out.append("grounded_qa_score_sum \(s.qaScoreSum)")
        out.append("# HELP grounded_qa_scored_total Answers the QA scorer scored.")
        out.append("# TYPE grounded_qa_scored_total counter")
        out.append("grounded_qa_scored_total \(s.qaScored)")
        for g in gauges {
            out.append("# HELP \(g.name) \(g.help)")
            out.append("# TYPE \(g.name) gauge")
            out.append("\(g.name) \(g.value)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A counter's lines, its samples in label order.
    static func counter(_ name: String, _ help: String, _ samples: [String: Int]) -> [String] {
        ["# HELP \(name) \(help)", "# TYPE \(name) counter"]
            + samples.sorted { $0.key < $1.key }.map { "\(name){\($0.key)} \($0.value)" }
    }

    /// Labels rendered for a sample, in a fixed order: method, route, status, channel, action, queue.
    static func labels(_ values: [String: String]) -> String {
        ["method", "route", "status", "channel", "action", "queue"].compactMap { k in
            values[k].map { "\(k)=\"\(escape($0))\"" }
        }.joined(separator: ",")
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
