import Engine
import Foundation
import Governance
import GroundedCore
import Hummingbird
import Knowledge
import Retrieval
import ServiceDesk

/// `GET /v1/documents/{id}`: a document's text, for showing a cited span. Only documents of the
/// caller's audience (`Role.documentAudiences`), and only versions in effect: today's by default,
/// `?asOf=YYYY-MM-DD` for another day's, `?version=` for one version whose effective date has come
/// by then, also one no longer in the corpus (`current: false`), so an old answer's spans can be
/// read. Anything else is a 404 that does not say whether the document exists.
extension GroundedService {
    struct DocumentBody: Encodable {
        var id, version, title, audience: String
        var effective: String?
        /// False for a version no longer in the corpus (kept so old answers' citations can be read).
        var current: Bool
        var text: String
    }

    func addDocumentRoutes(to router: Router<GroundedRequestContext>) {
        router.get("/v1/documents/:id") { [self] request, context -> Response in
            let id = try context.parameters.require("id")
            let version = request.uri.queryParameters["version"].map(String.init)
            let asOf = try request.dateQuery("asOf")
            let audiences = context.principal?.role.documentAudiences ?? [.public]
            guard
                let document = Self.document(
                    id: id, version: version, asOf: asOf ?? EffectiveDate.today(),
                    audiences: audiences, in: engine.knowledge)
            else {
                throw APIError.notFound(
                    "no document \(id)\(version.map { " version \($0)" } ?? "") in effect"
                        + "\(asOf.map { " on \($0)" } ?? " today") for this key: ids are in citations and snippets")
            }
            let m = document.metadata
            return try Self.json(
                DocumentBody(
                    id: m.id, version: m.version, title: m.title, audience: m.audience.rawValue,
                    effective: m.effective, current: document.retiredRun == nil, text: document.text.string))
        }
    }

    /// The version of document `id` a caller may read on `date`: `version` when given and in
    /// effect by then, else the version in effect on that date; nil when there is none or its
    /// audience is not among `audiences`.
    static func document(
        id: String, version: String?, asOf date: String, audiences: Set<DocumentMetadata.Audience>,
        in knowledge: KnowledgeBase
    ) -> StoredDocument? {
        guard let version else {
            let filter = RetrievalFilter(audiences: audiences, asOf: date)
            return filter.admittedDocuments(knowledge.documents).lazy.compactMap { knowledge.documents[$0] }
                .first { $0.metadata.id == id }
        }
        guard let document = knowledge.document(id: id, version: version),
            audiences.contains(document.metadata.audience),
            (document.metadata.effective ?? "0000-00-00") <= date
        else { return nil }
        return document
    }
}
