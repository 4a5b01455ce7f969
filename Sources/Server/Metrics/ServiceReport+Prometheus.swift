import Customers
import Records

extension ServiceReport {
    /// The report as Prometheus gauges: one family per measure, one sample per channel and per
    /// variant (`channel="sms"`, `variant="short"`), rates as fractions. Groups with nothing to
    /// count are left out.
    func gauges() -> [ServerMetrics.LabelledGauge] {
        let measures: [(String, String, (Row) -> Double?)] = [
            (
                "grounded_deflection_ratio", "Conversations the bot answered without a handoff.",
                { $0.deflectionRate.map { $0 / 100 } }
            ),
            ("grounded_escalation_ratio", "Conversations handed to a person.", { $0.escalationRate.map { $0 / 100 } }),
            (
                "grounded_first_contact_resolution_ratio",
                "Conversations resolved without a handoff or a repeat contact within 7 days.",
                { $0.firstContactResolution.map { $0 / 100 } }
            ),
            (
                "grounded_repeat_contact_ratio",
                "Conversations followed by another from the same customer within 7 days.",
                { $0.repeatContactRate.map { $0 / 100 } }
            ),
            (
                "grounded_suggestion_acceptance_ratio",
                "Agent suggestions accepted (last feedback used, edited or thumbs-up), of those given feedback.",
                { $0.suggestionAcceptance.map { $0 / 100 } }
            ),
            (
                "grounded_suggestion_edit_ratio", "Suggestions put into a reply that the agent edited first.",
                { $0.suggestionEditRate.map { $0 / 100 } }
            ),
            ("grounded_qa_score_mean", "Mean QA score of the bot's scored answers.", { $0.meanQAScore }),
        ]
        var out: [ServerMetrics.LabelledGauge] = []
        for (name, help, value) in measures {
            for (label, rows) in [("channel", byChannel), ("variant", byVariant)] {
                for row in rows {
                    guard let v = value(row) else { continue }
                    out.append(.init(name: name, help: help, labels: [(label, row.group)], value: v))
                }
            }
        }
        return out
    }
}
