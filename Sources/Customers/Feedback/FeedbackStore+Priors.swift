import Foundation
import Governance
import GroundedCore
import Records
import Retrieval

extension FeedbackStore {
    /// Ratings per chunk span and question kind, weighed by `policy`: one ballot per voter, a
    /// weight by role, counted only past `policy.minimumVoters` (see `FeedbackPriors`).
    public func chunkPriors(policy: FeedbackPolicy = .init(), strength: Double = 1) throws -> FeedbackPriors {
        var priors = FeedbackPriors(
            strength: strength, minimumVoters: policy.minimumVoters, maximumEffect: policy.maximumEffect)
        for (record, span) in try ratedSpans() {
            let weight = Role(rawValue: record.voterRole).map(policy.weight(of:)) ?? 0
            guard weight > 0 else { continue }
            priors.add(
                documentID: span.documentID, version: span.version, span: span.span, kind: record.questionKind,
                voter: record.voter, ballot: .init(up: record.rating == .up, weight: weight))
        }
        return priors
    }
}
