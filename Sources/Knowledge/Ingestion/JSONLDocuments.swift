import Foundation
import GroundedCore

/// One document per line of a `.jsonl` file, as public evaluation sets ship them:
/// `{"doc_id" | "id", "title", "text", ["domain" | "product", "type", "audience", "locale", "effective", "version"]}`.
/// The `text` is plain text; spans point into it unchanged.
extension DocumentLoader {
    struct JSONLRecord: Decodable {
        var id: String?
        var doc_id: String?
        var title: String?
        var text: String?
        var domain: String?
        var product: String?
        var type: String?
        var audience: String?
        var locale: String?
        var effective: String?
        var version: String?
    }

    /// Loads every line of a JSONL file; lines that fail are returned as problems.
    public func loadJSONL(
        _ url: URL, relativePath: String
    ) throws -> (documents: [SourceDocument], problems: [IngestProblem]) {
        let string = try readText(url)
        var documents: [SourceDocument] = []
        var problems: [IngestProblem] = []
        var lineNumber = 0
        for line in string.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            let path = "\(relativePath):\(lineNumber)"
            do {
                let r = try JSONDecoder().decode(JSONLRecord.self, from: Data(line.utf8))
                guard let id = r.doc_id ?? r.id, !id.isEmpty else {
                    throw DocumentError(.frontMatter, "record has no `doc_id` or `id`")
                }
                guard let text = r.text, text.contains(where: { !$0.isWhitespace }) else {
                    throw DocumentError(.empty, "record has no `text`")
                }
                var fields = ["id": id, "title": r.title ?? id, "version": r.version ?? "1"]
                fields["product"] = r.product ?? r.domain
                fields["type"] = r.type
                fields["audience"] = r.audience
                fields["locale"] = r.locale
                fields["effective"] = r.effective
                let metadata = try FrontMatter.metadata(from: fields.compactMapValues { $0 })
                documents.append(
                    try document(source: SourceText(text), bodyStart: 0, metadata: metadata, format: .text, path: path))
            } catch let e as DocumentError {
                problems.append(IngestProblem(path: path, kind: e.kind.rawValue, message: e.message))
            } catch {
                problems.append(
                    IngestProblem(
                        path: path, kind: DocumentError.Kind.malformed.rawValue, message: "not a JSON object: \(error)")
                )
            }
        }
        return (documents, problems)
    }
}
