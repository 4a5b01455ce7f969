import Foundation
import GroundedCore

/// Walks a corpus folder (or reads one file) and loads every document it can, collecting a
/// problem for every file it cannot; duplicate `id@version` pairs keep the first by path.
public struct CorpusScanner: Sendable {
    public let loader: DocumentLoader

    public init(loader: DocumentLoader = DocumentLoader()) { self.loader = loader }

    public struct Result: Sendable {
        public var documents: [SourceDocument]
        public var problems: [IngestProblem]
        /// Files that failed: their previously stored documents are kept, not removed.
        public var failedPaths: Set<String>
    }

    /// - Parameter onFile: called after each file with how many are read and how many there are.
    /// - Throws: `DocumentError` when `root` does not exist.
    public func scan(_ root: URL, onFile: ((Int, Int) -> Void)? = nil) throws -> Result {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
            throw DocumentError(
                .unreadable, "\(root.path) does not exist: pass a folder of .md, .html, .txt or .jsonl documents")
        }
        var files: [(URL, String)] = []
        if isDirectory.boolValue {
            let base = root.standardizedFileURL.path
            let walker = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey],
                options: [.skipsHiddenFiles])
            while let url = walker?.nextObject() as? URL {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                var relative = url.standardizedFileURL.path
                if relative.hasPrefix(base + "/") { relative.removeFirst(base.count + 1) }
                if url.lastPathComponent.lowercased() == "readme.md" && !relative.contains("/") { continue }
                files.append((url, relative))
            }
        } else {
            files.append((root, root.lastPathComponent))
        }
        files.sort { $0.1 < $1.1 }

        var documents: [SourceDocument] = []
        var problems: [IngestProblem] = []
        var failed: Set<String> = []
        var seen: [String: String] = [:]  // id@version → path
        func accept(_ d: SourceDocument) {
            if let first = seen[d.metadata.key] {
                problems.append(
                    IngestProblem(
                        path: d.sourcePath, kind: DocumentError.Kind.duplicate.rawValue,
                        message:
                            "duplicate id `\(d.metadata.id)` version \(d.metadata.version), already in \(first): give "
                            + "it another id or version"
                    ))
                return
            }
            seen[d.metadata.key] = d.sourcePath
            documents.append(d)
        }
        for (n, (url, relative)) in files.enumerated() {
            defer { onFile?(n + 1, files.count) }
            let ext = url.pathExtension.lowercased()
            do {
                if ext == "jsonl" {
                    let (docs, more) = try loader.loadJSONL(url, relativePath: relative)
                    docs.forEach(accept)
                    problems.append(contentsOf: more)
                    failed.formUnion(more.map(\.path))
                } else {
                    accept(try loader.load(url, relativePath: relative))
                }
            } catch let e as DocumentError {
                problems.append(IngestProblem(path: relative, kind: e.kind.rawValue, message: e.message))
                failed.insert(relative)
            } catch {
                problems.append(
                    IngestProblem(path: relative, kind: DocumentError.Kind.unreadable.rawValue, message: "\(error)"))
                failed.insert(relative)
            }
        }
        return Result(documents: documents, problems: problems, failedPaths: failed)
    }
}
