import Foundation

/// How long each kind of customer data is kept, in days; older records are purged by the
/// retention job (`ServiceStore.purge`). Nil keeps that kind until the customer is forgotten.
///
/// Defaults follow common contact-centre practice: transcripts and answers 1 year (complaints and
/// chargebacks are raised within months), free-text feedback 180 days, route decisions and
/// outreach 1 year, profile events 2 years. The audit log is not purged: it holds no personal data
/// (inputs are redacted) and a chain with its start cut off cannot be verified.
public struct RetentionPolicy: Sendable, Hashable, Codable {
    public var version: String
    public var answersDays: Int?
    public var conversationsDays: Int?
    public var feedbackDays: Int?
    public var routeDecisionsDays: Int?
    public var outreachDays: Int?
    public var eventsDays: Int?

    public init(
        version: String = "retention-default", answersDays: Int? = 365, conversationsDays: Int? = 365,
        feedbackDays: Int? = 180,
        routeDecisionsDays: Int? = 365, outreachDays: Int? = 365, eventsDays: Int? = 730
    ) {
        self.version = version
        self.answersDays = answersDays
        self.conversationsDays = conversationsDays
        self.feedbackDays = feedbackDays
        self.routeDecisionsDays = routeDecisionsDays
        self.outreachDays = outreachDays
        self.eventsDays = eventsDays
    }

    /// - Throws: `PolicyError(.invalidDocument)` for a period under one day or over 100 years.
    public func validate() throws {
        let periods = [
            "answersDays": answersDays, "conversationsDays": conversationsDays, "feedbackDays": feedbackDays,
            "routeDecisionsDays": routeDecisionsDays, "outreachDays": outreachDays, "eventsDays": eventsDays,
        ]
        for (name, days) in periods.sorted(by: { $0.key < $1.key }) {
            if let days, !(1...36_500).contains(days) {
                throw PolicyError(
                    .invalidDocument, "retention \(name) is \(days): use 1...36500 days, or null to keep until erasure")
            }
        }
    }
}
