/// How an ingest treats a document whose text changed while its declared `version` did not.
public enum DocumentVersioning: String, Codable, Sendable, CaseIterable {
    /// Refuse the ingest, naming the file: the author gives the text a new version.
    case declared
    /// Store the text under the next automatic version of the declared one (`2` → `2+1`, `2+2`, …);
    /// the previous text stays stored under its version.
    case automatic

    /// The version a changed text gets under automatic versioning.
    /// - Parameters:
    ///   - declared: the version the document declares.
    ///   - sha256: the SHA-256 of its text.
    ///   - stored: every version of the same document id ever stored, with its text's SHA-256.
    /// - Returns: the declared version when it is new or names this text; else the stored automatic
    ///   version that names this text; else the next free one (`declared+n`).
    public static func version(
        declared: String, sha256: String, stored: [(version: String, sha256: String)]
    ) -> String {
        let byVersion = Dictionary(stored.map { ($0.version, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        guard let declaredText = byVersion[declared], declaredText != sha256 else { return declared }
        let prefix = declared + "+"
        var highest = 0
        for (version, text) in byVersion where version.hasPrefix(prefix) {
            guard let n = Int(version.dropFirst(prefix.count)) else { continue }
            if text == sha256 { return version }
            highest = max(highest, n)
        }
        return prefix + String(highest + 1)
    }
}
