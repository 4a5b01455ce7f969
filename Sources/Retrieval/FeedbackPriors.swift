import Foundation
import GroundedCore

/// What people said about passages, per kind of question, as a bounded nudge to ranking.
///
/// Every ballot belongs to one voter (an API key's holder and role, never a free-text name) and
/// carries a weight (by role, `FeedbackPolicy`); a voter has one ballot per span and kind, and
/// when spans overlap a chunk counts each voter once. A chunk's weighted votes make a
/// Beta(2 + up, 2 + down) posterior (two pseudo-votes each way); its fused score is scaled by
/// `(posterior mean / 0.5) ^ strength`, bounded to `[1 / maximumEffect, maximumEffect]` — and only
/// once `minimumVoters` distinct voters have voted on it for this kind of question. Until then
/// votes are recorded and reported, and move nothing.
///
/// Votes are kept on spans of a document version (an answer's citation, a chunk), so they survive
/// re-ingestion while the text they judged is unchanged.
/// Thread safety: a value.
public struct FeedbackPriors: Sendable, Hashable {
    /// One voter's say on a span.
    public struct Ballot: Sendable, Hashable {
        public var up: Bool
        public var weight: Double
        public init(up: Bool, weight: Double) {
            self.up = up
            self.weight = weight
        }
    }

    /// The weighted votes a chunk collects, and how many distinct voters cast them.
    public struct Votes: Sendable, Hashable, Codable {
        public var up: Double
        public var down: Double
        public var voters: Int
        public init(up: Double = 0, down: Double = 0, voters: Int = 0) {
            self.up = up
            self.down = down
            self.voters = voters
        }
        /// The posterior mean of Beta(2 + up, 2 + down).
        public var mean: Double { (2 + up) / (4 + up + down) }
    }

    /// The ballots on one span for one kind of question, by voter.
    public struct SpanVotes: Sendable, Hashable {
        public let span: TextSpan
        public let kind: String
        public var ballots: [String: Ballot]
    }

    /// `documentID@version` → the voted spans.
    public private(set) var spans: [String: [SpanVotes]]
    /// How hard votes pull: at 1, a chunk's score is halved when its posterior mean falls to 0.25.
    public var strength: Double
    /// Distinct voters a chunk needs, for a kind of question, before its votes count.
    public var minimumVoters: Int
    /// The bound on the multiplier, both ways.
    public var maximumEffect: Double

    public init(strength: Double = 1, minimumVoters: Int = 5, maximumEffect: Double = 2) {
        spans = [:]
        self.strength = strength
        self.minimumVoters = minimumVoters
        self.maximumEffect = maximumEffect
    }

    /// Records `voter`'s ballot on a span for a kind of question, replacing their earlier one.
    public mutating func add(
        documentID: String, version: String, span: TextSpan, kind: String, voter: String, ballot: Ballot
    ) {
        let key = "\(documentID)@\(version)"
        var list = spans[key] ?? []
        if let i = list.firstIndex(where: { $0.span == span && $0.kind == kind }) {
            list[i].ballots[voter] = ballot
        } else {
            list.append(SpanVotes(span: span, kind: kind, ballots: [voter: ballot]))
        }
        spans[key] = list
    }

    /// The votes a chunk collects for a kind of question: every overlapping voted span's, each
    /// voter counted once (their ballot on the latest-listed span).
    public func votes(documentID: String, version: String, span: TextSpan, kind: String) -> Votes {
        var ballots: [String: Ballot] = [:]
        for s in spans["\(documentID)@\(version)"] ?? [] where s.kind == kind && s.span.overlaps(span) {
            ballots.merge(s.ballots) { _, new in new }
        }
        var total = Votes(voters: ballots.count)
        for ballot in ballots.values {
            if ballot.up { total.up += ballot.weight } else { total.down += ballot.weight }
        }
        return total
    }

    /// The score multiplier of a chunk for a kind of question; nil while fewer than
    /// `minimumVoters` distinct voters have voted on it.
    public func multiplier(documentID: String, version: String, span: TextSpan, kind: String) -> Double? {
        let v = votes(documentID: documentID, version: version, span: span, kind: kind)
        guard v.voters >= minimumVoters, v.up + v.down > 0 else { return nil }
        return min(max(pow(v.mean / 0.5, strength), 1 / maximumEffect), maximumEffect)
    }

    /// Reads a span key as citations and chunks are written, `documentID@version[start, end)`.
    public static func parse(_ key: String) -> SpanReference? { SpanReference(key) }
}
