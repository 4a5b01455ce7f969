import Governance
import Knowledge

extension Role {
    /// The document audiences a caller with this role may read: a channel speaks to customers and
    /// sees public documents only; every person inside the company (agents, knowledge managers,
    /// QA, ops leads, admins) sees internal ones too.
    public var documentAudiences: Set<DocumentMetadata.Audience> {
        self == .channel ? [.public] : Set(DocumentMetadata.Audience.allCases)
    }
}
