import Foundation

/// One way a customer is known: an email address, a phone number, a device, an account, or an
/// anonymous session. Values are normalised (emails lowercased, phone numbers to digits and a
/// leading `+`) so the same person is found however they typed it.
public struct Identity: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case email, phone, device, account, session
        /// Known identities outrank an anonymous session when two customers are merged.
        var isAnonymous: Bool { self == .session || self == .device }
    }

    public var kind: Kind
    public var value: String

    public init(_ kind: Kind, _ value: String) {
        self.kind = kind
        self.value = Self.normalise(kind, value)
    }

    static func normalise(_ kind: Kind, _ value: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .email: return trimmed.lowercased()
        case .phone: return (trimmed.hasPrefix("+") ? "+" : "") + trimmed.filter(\.isNumber)
        default: return trimmed
        }
    }
}
