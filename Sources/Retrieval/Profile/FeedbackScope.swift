import Knowledge

extension DocumentMetadata {
    /// A front-matter list that scopes a document (`plans`, `regions`), lower-cased, blanks
    /// dropped; nil when the document does not declare it.
    func scopeList(_ field: String) -> [String]? {
        extra[field].map {
            $0.split(separator: ",").map { String($0.filter { !$0.isWhitespace }).lowercased() }.filter { !$0.isEmpty }
        }
    }
}

/// Which passages votes may reorder among themselves: those written for the same audience. A
/// document's scope is what its front matter restricts (plans, regions, joining dates) and its
/// language; votes reorder passages only within the places that passages of the same scope hold,
/// so no vote pattern lifts a passage written for another region, plan or language above one
/// the engine chose for this customer — an anonymous customer is not sent the United Kingdom
/// policy because people voted the US one down.
public enum FeedbackScope {
    /// The scope a document is written for, as a comparable key.
    public static func signature(of metadata: DocumentMetadata) -> String {
        let language = metadata.locale.split(separator: "-").first.map { $0.lowercased() } ?? ""
        return [
            "plans=" + (metadata.scopeList("plans") ?? []).sorted().joined(separator: ","),
            "regions=" + (metadata.scopeList("regions") ?? []).sorted().joined(separator: ","),
            "joined-before=" + (metadata.extra["joined-before"] ?? ""),
            "joined-since=" + (metadata.extra["joined-since"] ?? ""),
            "language=" + language,
        ].joined(separator: ";")
    }
}
