/// A cue in a customer's message that the conversation may need a person, or more care: what kind,
/// and the words that raised it, as the customer wrote them.
public struct RiskSignal: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Strong negative words, swearing, shouting in capitals, runs of exclamation marks.
        case anger
        /// A lawyer, a lawsuit, a regulator or ombudsman, a chargeback.
        case legalThreat = "legal-threat"
        /// Leaving: closing the account, cancelling the subscription, moving to a competitor.
        case cancellation
        /// The customer has been here before about this ("third time", "already told you"), or the
        /// record shows earlier contacts.
        case repeatedContact = "repeated-contact"
        /// Bereavement, illness or disability, financial hardship, age, abuse: handle with care.
        case vulnerableCustomer = "vulnerable-customer"
    }

    public let kind: Kind
    /// The words or phrases that raised it, as written (or a note such as "3 earlier contacts").
    public let evidence: [String]

    public init(kind: Kind, evidence: [String]) {
        self.kind = kind
        self.evidence = evidence
    }
}
