import GroundedCore
import Knowledge
import Retrieval

/// What an answer was made from, for an explanation: the profile fields and filters retrieval
/// used, the documents in effect for it, the feedback priors that moved its sources, and the
/// versions of the policies and index in force.
///
/// Thread safety: a value type.
public struct ExplanationInputs: Sendable, Codable, Hashable {
    /// A feedback prior that moved one of the answer's sources.
    public struct AppliedPrior: Sendable, Codable, Hashable {
        public var documentID: String
        public var version: String
        public var start: Int
        public var end: Int
        /// The factor the source's fused score was multiplied by.
        public var multiplier: Double
    }

    /// The profile fields the answer could use (by name), with their values; consents as a
    /// comma-separated list.
    public var profile: [String: String]
    /// The retrieval filter: audiences, the date whose versions are in effect, field filters,
    /// excluded documents and the question kind feedback priors are kept for.
    public var filters: [String: String]
    /// `id@version` of every document the filter admitted, sorted.
    public var documentsInEffect: [String]
    public var feedbackPriors: [AppliedPrior]
    /// The version of each policy in force (`handoff`, `routing`, …), filled in by the service.
    public var policyVersions: [String: String]
    /// The index build answered from.
    public var indexBuild: String

    /// The inputs of an answer made from `knowledge` under `filter`, whose sources are `sources`.
    public init(
        filter: RetrievalFilter, knowledge: KnowledgeBase, sources: [SearchHit],
        profileConfiguration: ProfileConfiguration = .init(), policyVersions: [String: String] = [:]
    ) {
        var profile: [String: String] = [:]
        if let p = filter.profile {
            profile["name"] = p.name
            profile["plan"] = p.plan
            profile["region"] = p.region
            profile["locale"] = p.locale
            profile["customerSince"] = p.customerSince
            if !p.products.isEmpty { profile["products"] = p.products.joined(separator: ", ") }
            if !p.consents.isEmpty { profile["consents"] = p.consents.map(\.rawValue).sorted().joined(separator: ", ") }
        }
        self.profile = profile
        var filters = ["audiences": filter.audiences.map(\.rawValue).sorted().joined(separator: ", ")]
        filters["asOf"] = filter.asOf
        for (key, value) in filter.fields { filters["field." + key] = value }
        if !filter.excludedDocumentIDs.isEmpty {
            filters["excluded"] = filter.excludedDocumentIDs.sorted().joined(separator: ", ")
        }
        if let kind = filter.questionKind, !kind.isEmpty { filters["questionKind"] = kind }
        self.filters = filters
        documentsInEffect = filter.admittedDocuments(knowledge.documents, profileConfiguration: profileConfiguration)
            .compactMap { knowledge.documents[$0].map { "\($0.metadata.id)@\($0.metadata.version)" } }.sorted()
        feedbackPriors = sources.compactMap { h in
            h.feedbackMultiplier.map {
                AppliedPrior(
                    documentID: h.documentID, version: h.documentVersion, start: h.span.start, end: h.span.end,
                    multiplier: $0)
            }
        }
        self.policyVersions = policyVersions
        indexBuild = knowledge.build.buildID
    }
}
