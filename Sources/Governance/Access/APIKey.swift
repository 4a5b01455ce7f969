import Foundation
import GroundedCore

/// An API key: `gk_<id>_<secret>`, where the id (12 hex digits) names the key in logs and lists
/// and the secret (32 hex digits, 128 random bits) proves it. Only SHA-256 of the secret is
/// stored; a salt adds nothing for a 128-bit random secret, and the plain key is shown once, when
/// it is made.
public struct APIKey: Sendable, Hashable {
    public let id: String
    public let secret: String

    /// The whole key, as a caller sends it (`Authorization: Bearer <key>`).
    public var text: String { "gk_\(id)_\(secret)" }

    /// What the store keeps in place of the secret.
    public var secretHash: String { Self.hash(secret: secret) }

    /// A fresh key from the system's random source.
    public static func generate() -> APIKey {
        var generator = SystemRandomNumberGenerator()
        func hex(_ bytes: Int) -> String {
            (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        }
        return APIKey(id: hex(6), secret: hex(16))
    }

    /// Splits a key as sent.
    /// - Throws: `AccessError(.malformedKey)` when it is not `gk_<12 hex>_<32 hex>`.
    public init(parsing text: String) throws {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "_", omittingEmptySubsequences: false)
        func isHex(_ s: Substring, _ count: Int) -> Bool { s.count == count && s.allSatisfy(\.isHexDigit) }
        guard parts.count == 3, parts[0] == "gk", isHex(parts[1], 12), isHex(parts[2], 32) else {
            throw AccessError(.malformedKey, "the API key is malformed: expected gk_<12 hex digits>_<32 hex digits>")
        }
        self.init(id: String(parts[1]).lowercased(), secret: String(parts[2]).lowercased())
    }

    init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    public static func hash(secret: String) -> String { ContentHash.sha256(secret) }

    /// Compares two hashes in time independent of where they differ (`ContentHash.constantTimeEqual`).
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool { ContentHash.constantTimeEqual(a, b) }
}
