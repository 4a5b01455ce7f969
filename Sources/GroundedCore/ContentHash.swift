import Crypto
import Foundation

/// SHA-256 content identities (swift-crypto): of model weights, training files, documents,
/// stored vectors, audit entries and API-key secrets, as lowercase hex.
///
/// Stateless; safe from any thread.
public enum ContentHash {
    /// The hex SHA-256 of `bytes`: an array, `Data`, or a buffer such as a mapped weights file,
    /// read in place.
    public static func sha256(_ bytes: some DataProtocol) -> String { hex(SHA256.hash(data: bytes)) }

    /// The hex SHA-256 of a text's UTF-8 bytes.
    public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

    /// Whether two secrets' hashes are equal, in time that does not depend on where they differ:
    /// both are hashed again and the digests compared by swift-crypto's constant-time equality.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        SHA256.hash(data: Data(a.utf8)) == SHA256.hash(data: Data(b.utf8))
    }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func hex(_ digest: SHA256.Digest) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
