import Foundation
import GroundedCore
import Retrieval

extension AnswerDrift {
    /// One question of a drift check: what is asked, for whom, and on which day.
    public struct Question: Sendable, Codable, Hashable {
        public var question: String
        /// The customer asking (plan, region, products…): answers differ by customer.
        public var profile: CustomerProfile?
        /// `YYYY-MM-DD` whose document versions answer; nil: today.
        public var asOf: String?

        public init(_ question: String, profile: CustomerProfile? = nil, asOf: String? = nil) {
            self.question = question
            self.profile = profile
            self.asOf = asOf
        }

        /// What the engine searches: public documents in effect on `asOf`, for `profile`.
        public var filter: RetrievalFilter {
            RetrievalFilter(asOf: asOf ?? EffectiveDate.today(), profile: profile)
        }
    }
}
