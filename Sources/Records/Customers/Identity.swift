import Foundation

/// One way a customer is known: an email address, a phone number, a device, an account, or an
/// anonymous session. Values are normalised (emails lowercased, phone numbers to E.164 — a number
/// typed without its country code is read in the tenant's `PhoneRegion`) so the same person is
/// found however they typed it.
public struct Identity: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case email, phone, device, account, session
        /// Known identities outrank an anonymous session when two customers are merged.
        var isAnonymous: Bool { self == .session || self == .device }
    }

    public var kind: Kind
    public var value: String

    /// - Parameter phoneRegion: where a phone number typed without its country code is from.
    public init(_ kind: Kind, _ value: String, phoneRegion: PhoneRegion = .us) {
        self.kind = kind
        self.value = Self.normalise(kind, value, phoneRegion: phoneRegion)
    }

    /// An identity as stored: its value is already normalised and is kept as it is.
    init(stored kind: Kind, _ value: String) {
        self.kind = kind
        self.value = value
    }

    static func normalise(_ kind: Kind, _ value: String, phoneRegion: PhoneRegion) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .email: return trimmed.lowercased()
        case .phone: return phoneRegion.e164(trimmed)
        default: return trimmed
        }
    }

    /// What is wrong with a value given for `kind`, in words a client can act on; nil when it is
    /// usable. An email needs text on both sides of one `@` and no spaces; a phone number is
    /// digits with spaces, dots, dashes, parentheses and a leading `+`, 7 to 15 digits (E.164's
    /// longest); every identity is at most 254 characters (an email's longest).
    public static func problem(_ kind: Kind, _ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return "is empty" }
        guard trimmed.count <= 254 else { return "has \(trimmed.count) characters, over the 254 an identity may have" }
        switch kind {
        case .email:
            let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
                !parts[1].hasSuffix("."),
                !trimmed.contains(where: \.isWhitespace)
            else { return "is not an email address such as kim@example.com" }
        case .phone:
            let allowed = Set("0123456789 .-()")
            let body = trimmed.hasPrefix("+") ? trimmed.dropFirst() : Substring(trimmed)
            let digits = body.filter { $0.isASCII && $0.isNumber }.count
            guard body.allSatisfy({ allowed.contains($0) }), (7...15).contains(digits) else {
                return "is not a phone number such as +1 (555) 010-2000 (7 to 15 digits)"
            }
        case .device, .account, .session:
            break
        }
        return nil
    }
}
