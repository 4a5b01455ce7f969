import Crypto
import Foundation

/// SHA-256 (swift-crypto) of what the knowledge store keeps, so a changed byte in a document's
/// text or a stored vector is found when it is read, not quoted or ranked on.
enum Checksum {
    /// The hex digest of a text's UTF-8 bytes.
    static func of(_ text: String) -> String { hex(Crypto.SHA256.hash(data: Data(text.utf8))) }

    /// The hex digest of bytes (a stored vector blob).
    static func of(_ bytes: [UInt8]) -> String { hex(Crypto.SHA256.hash(data: bytes)) }

    private static func hex(_ digest: Crypto.SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
