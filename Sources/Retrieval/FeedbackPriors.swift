import Foundation
import GroundedCore

/// What agents and customers said about passages, per kind of question: a Beta(2 + up, 2 + down)
/// posterior per chunk and question kind (two pseudo-votes each way, so one vote moves a chunk by
/// a fifth, not a third), which scales a chunk's fused score by `(posterior mean / 0.5) ^ strength`
/// — a chunk voted down for this kind of question sinks, one voted up rises, one without votes is
/// untouched. Votes under other kinds do not count.
///
/// Votes are kept on spans of a document version (an answer's citation, a chunk), so they survive
/// re-ingestion while the text they judged is unchanged; a chunk collects the votes of every span
/// that overlaps it.
/// Thread safety: a value.
public struct FeedbackPriors: Sendable, Hashable {
    public struct Votes: Sendable, Hashable, Codable {
        public var up: Int
        public var down: Int
        public init(up: Int = 0, down: Int = 0) {
            self.up = up
            self.down = down
        }
        /// The posterior mean of Beta(2 + up, 2 + down).
        public var mean: Double { Double(2 + up) / Double(4 + up + down) }
    }

    /// Votes on one span for one kind of question.
    public struct SpanVotes: Sendable, Hashable {
        public let span: TextSpan
        public let kind: String
        public var votes: Votes
    }

    /// `documentID@version` → the voted spans.
    public private(set) var spans: [String: [SpanVotes]]
    /// How hard votes pull: at 1, a chunk's score is halved when its posterior mean falls to 0.25
    /// (four more down votes than up).
    public var strength: Double

    public init(strength: Double = 1) {
        spans = [:]
        self.strength = strength
    }

    /// Adds one vote on a span for a kind of question.
    public mutating func add(documentID: String, version: String, span: TextSpan, kind: String, up: Bool) {
        let key = "\(documentID)@\(version)"
        var list = spans[key] ?? []
        if let i = list.firstIndex(where: { $0.span == span && $0.kind == kind }) {
            if up { list[i].votes.up += 1 } else { list[i].votes.down += 1 }
        } else {
            list.append(SpanVotes(span: span, kind: kind, votes: up ? .init(up: 1) : .init(down: 1)))
        }
        spans[key] = list
    }

    /// The votes a chunk collects for a kind of question (every overlapping voted span's).
    public func votes(documentID: String, version: String, span: TextSpan, kind: String) -> Votes {
        var total = Votes()
        for s in spans["\(documentID)@\(version)"] ?? [] where s.kind == kind && s.span.overlaps(span) {
            total.up += s.votes.up
            total.down += s.votes.down
        }
        return total
    }

    /// The score multiplier of a chunk for a kind of question; nil when it has no votes there.
    public func multiplier(documentID: String, version: String, span: TextSpan, kind: String) -> Double? {
        let v = votes(documentID: documentID, version: version, span: span, kind: kind)
        guard v.up + v.down > 0 else { return nil }
        return pow(v.mean / 0.5, strength)
    }

    /// Reads a span key as citations and chunks are written, `documentID@version[start, end)`.
    public static func parse(_ key: String) -> (documentID: String, version: String, span: TextSpan)? {
        guard let at = key.lastIndex(of: "@"), let open = key[at...].firstIndex(of: "["), key.hasSuffix(")") else { return nil }
        let bounds = key[key.index(after: open)..<key.index(before: key.endIndex)].split(separator: ",")
        guard bounds.count == 2, let start = Int(bounds[0].trimmingCharacters(in: .whitespaces)),
              let end = Int(bounds[1].trimmingCharacters(in: .whitespaces)), start <= end else { return nil }
        return (String(key[..<at]), String(key[key.index(after: at)..<open]), TextSpan(start: start, end: end))
    }
}
