import Foundation

/// Where the package, its corpus and the shared evaluation data are, found from this file's path.
public enum TestPaths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Corpus/`, the sample knowledge base.
    public static var corpus: URL { packageRoot.appendingPathComponent("Corpus") }

    /// `../shared/data/`, the public evaluation data that is not ours.
    public static var sharedData: URL {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// A fresh, empty temporary directory.
    public static func temporaryDirectory(_ name: String = "grounded-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
