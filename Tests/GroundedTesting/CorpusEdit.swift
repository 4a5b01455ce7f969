import Foundation

/// Copies of `Corpus/` with the edit the knowledge-manager tests use: the returns window changed
/// from 45 to 50 days in `policies/returns-2025.md`.
public enum CorpusEdit {
    /// A fresh copy of `Corpus/` with the returns window at 50 days, its version line changed to
    /// `version` when given (nil keeps version 2: a new text under an old version).
    /// - Returns: the copy's folder and the edited file.
    public static func returnsWindow50(_ name: String, version: String?) throws -> (corpus: URL, file: URL) {
        let corpus = try TestPaths.temporaryDirectory(name)
        try FileManager.default.removeItem(at: corpus)
        try FileManager.default.copyItem(at: TestPaths.corpus, to: corpus)
        let returns = corpus.appendingPathComponent("policies/returns-2025.md")
        var text = try String(contentsOf: returns, encoding: .utf8)
            .replacingOccurrences(of: "45 days of delivery", with: "50 days of delivery")
        if let version { text = text.replacingOccurrences(of: "\nversion: 2\n", with: "\nversion: \(version)\n") }
        try text.write(to: returns, atomically: true, encoding: .utf8)
        return (corpus, returns)
    }
}
