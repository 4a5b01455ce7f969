import GroundedCore
import Knowledge

/// Which documents a search may return.
public struct RetrievalFilter: Sendable, Hashable {
    /// Audiences that may be shown. Default: public only (what a customer may see).
    public var audiences: Set<DocumentMetadata.Audience>
    /// Exact matches on metadata fields (`product`, `locale`, `type`, or a front-matter extra).
    public var fields: [String: String]
    /// Only the version of each document in effect on this `YYYY-MM-DD` date; nil for every
    /// stored version. Default: today.
    public var asOf: String?
    /// Document ids never returned (every version), e.g. to ask what the rest of the knowledge
    /// base says without a document.
    public var excludedDocumentIDs: Set<String>
    /// The customer the search is for: documents that do not apply to them are not returned,
    /// those written for them are preferred (`CustomerProfile.match`). Nil: anonymous.
    public var profile: CustomerProfile?
    /// Votes on chunks (`FeedbackPriors`) and the kind of question this search is for (an intent,
    /// say): chunks voted down for this kind sink, those voted up rise. Nil: no feedback.
    public var feedback: FeedbackPriors?
    public var questionKind: String?

    public init(
        audiences: Set<DocumentMetadata.Audience> = [.public], fields: [String: String] = [:],
        asOf: String? = EffectiveDate.today(), excludedDocumentIDs: Set<String> = [], profile: CustomerProfile? = nil
    ) {
        self.audiences = audiences
        self.fields = fields
        self.asOf = asOf
        self.excludedDocumentIDs = excludedDocumentIDs
        self.profile = profile
    }

    /// Everything, every version.
    public static let everything = RetrievalFilter(audiences: Set(DocumentMetadata.Audience.allCases), asOf: nil)

    /// The keys of the documents this filter admits. A document that does not apply to the
    /// profile is left out before versions are chosen, so an older version that does apply is
    /// not resurrected in its place: `asOf` picks the version in effect, and the profile then
    /// keeps or drops it.
    public func admittedDocuments(
        _ documents: [Int64: StoredDocument], profileConfiguration: ProfileConfiguration = .init()
    ) -> Set<Int64> {
        let inEffect = documentsInEffect(documents)
        guard let profile else { return inEffect }
        return inEffect.filter {
            documents[$0].map { profile.match($0.metadata, configuration: profileConfiguration).applies } ?? false
        }
    }

    private func documentsInEffect(_ documents: [Int64: StoredDocument]) -> Set<Int64> {
        let matching = documents.values.filter { d in
            audiences.contains(d.metadata.audience) && !excludedDocumentIDs.contains(d.metadata.id)
                && fields.allSatisfy { d.metadata.value(of: $0.key) == $0.value }
        }
        guard let asOf else { return Set(matching.map(\.key)) }
        // Per document id, the latest version whose effective date has come.
        var best: [String: StoredDocument] = [:]
        for d in matching {
            let effective = d.metadata.effective ?? "0000-00-00"
            guard effective <= asOf else { continue }
            if let current = best[d.metadata.id] {
                let currentEffective = current.metadata.effective ?? "0000-00-00"
                if (effective, d.metadata.version) > (currentEffective, current.metadata.version) {
                    best[d.metadata.id] = d
                }
            } else {
                best[d.metadata.id] = d
            }
        }
        return Set(best.values.map(\.key))
    }
}
