import Foundation

/// Folders that hold a company's data (indexes, stores, keys) are created readable by their
/// owner only (0700): documents, customers and API key hashes are nobody else's to read.
public enum PrivateDirectory {
    /// Creates `url` and any missing parents with mode 0700; an existing folder is left as it is.
    /// - Throws: the file system's error when a folder cannot be created.
    public static func create(at url: URL) throws {
        try FileManager.default.createDirectory(
            at: url, withIntermediateDirectories: true,
            attributes: [.posixPermissions: NSNumber(value: Int16(0o700))])
    }
}
