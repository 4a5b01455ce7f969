import Foundation
import GroundedCore

/// What agents and customers said about chunks, per kind of question: a Beta(2 + up, 2 + down)
/// posterior per chunk and question kind (two pseudo-votes each way, so one vote moves a chunk by
/// a fifth, not a third), which scales a chunk's fused score by
/// `(posterior mean / 0.5) ^ strength` — a chunk voted down for this kind of question sinks,
/// one voted up rises, one without votes is untouched. Votes under other kinds do not count.
///
/// Chunks are keyed by `documentID@version[start, end)` (as citations are written), so votes
/// survive re-ingestion while the text they judged is unchanged.
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

    /// Chunk key → question kind → votes.
    public var votes: [String: [String: Votes]]
    /// How hard votes pull: at 1, a chunk's score is halved when its posterior mean falls to 0.25
    /// (four more down votes than up).
    public var strength: Double

    public init(votes: [String: [String: Votes]] = [:], strength: Double = 1) {
        self.votes = votes
        self.strength = strength
    }

    /// The key of a chunk span.
    public static func key(documentID: String, version: String, span: TextSpan) -> String {
        "\(documentID)@\(version)[\(span.start), \(span.end))"
    }

    /// The score multiplier of a chunk for a kind of question; nil when it has no votes there.
    public func multiplier(_ key: String, kind: String) -> Double? {
        guard let v = votes[key]?[kind], v.up + v.down > 0 else { return nil }
        return pow(v.mean / 0.5, strength)
    }
}
