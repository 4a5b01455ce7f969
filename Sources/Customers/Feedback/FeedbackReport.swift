import Foundation
import Governance
import GroundedCore
import Records
import Retrieval

/// What votes say and what they move, for a knowledge manager: each voted passage (a span of a
/// document version, for one kind of question) with its ballots, who cast them, and the
/// multiplier in force — nil while it has fewer voters than the policy asks.
public struct FeedbackReport: Sendable, Codable, Hashable {
    public struct Ballot: Sendable, Codable, Hashable {
        public var voter: String
        public var role: String
        public var rating: FeedbackRecord.Rating
        public var weight: Double
        public var at: Date
        /// The rated target: an answer id, or a chunk span.
        public var targetKind: FeedbackRecord.TargetKind
        public var targetID: String
    }

    public struct Passage: Sendable, Codable, Hashable {
        public var documentID: String
        public var version: String
        public var start: Int
        public var end: Int
        public var questionKind: String
        public var voters: Int
        public var up: Double
        public var down: Double
        /// The factor its score is scaled by for this kind of question; nil: it moves nothing yet.
        public var multiplier: Double?
        public var ballots: [Ballot]
    }

    public var policyVersion: String
    public var minimumVoters: Int
    /// Passages whose votes move ranking first, then by voters.
    public var passages: [Passage]
}

extension FeedbackStore {
    /// Every voted passage under `policy` (see `FeedbackReport`).
    public func report(policy: FeedbackPolicy) throws -> FeedbackReport {
        let priors = try chunkPriors(policy: policy)
        var groups: [String: FeedbackReport.Passage] = [:]
        for (record, span) in try ratedSpans() {
            guard let rating = record.rating else { continue }
            let key = "\(span)#\(record.questionKind)"
            var passage =
                groups[key]
                ?? FeedbackReport.Passage(
                    documentID: span.documentID, version: span.version, start: span.span.start, end: span.span.end,
                    questionKind: record.questionKind, voters: 0, up: 0, down: 0, multiplier: nil, ballots: [])
            let weight = Role(rawValue: record.voterRole).map(policy.weight(of:)) ?? 0
            passage.ballots.append(
                .init(
                    voter: record.voter, role: record.voterRole, rating: rating, weight: weight, at: record.at,
                    targetKind: record.targetKind, targetID: record.targetID))
            groups[key] = passage
        }
        let passages = groups.values.map { p -> FeedbackReport.Passage in
            var p = p
            let votes = priors.votes(
                documentID: p.documentID, version: p.version, span: TextSpan(start: p.start, end: p.end),
                kind: p.questionKind)
            p.voters = votes.voters
            p.up = votes.up
            p.down = votes.down
            p.multiplier = priors.multiplier(
                documentID: p.documentID, version: p.version, span: TextSpan(start: p.start, end: p.end),
                kind: p.questionKind)
            return p
        }
        return FeedbackReport(
            policyVersion: policy.version, minimumVoters: policy.minimumVoters,
            passages: passages.sorted {
                ($0.multiplier != nil ? 1 : 0, $0.voters, $1.documentID, $1.start) > (
                    $1.multiplier != nil ? 1 : 0, $1.voters, $0.documentID, $0.start
                )
            })
    }
}
