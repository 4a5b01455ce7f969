import GroundedCore

/// SHA-256 of what the knowledge store keeps, so a changed byte in a document's text or a stored
/// vector is found when it is read, not quoted or ranked on.
enum Checksum {
    /// The hex digest of a text's UTF-8 bytes.
    static func of(_ text: String) -> String { ContentHash.sha256(text) }

    /// The hex digest of bytes (a stored vector blob).
    static func of(_ bytes: [UInt8]) -> String { ContentHash.sha256(bytes) }
}
