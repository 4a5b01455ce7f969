import Foundation

/// How a region's phone numbers are written nationally, for turning a number typed without its
/// country code into E.164 (`555-010-2000` in the US is `+15550102000`; `07700 900123` in Great
/// Britain is `+447700900123`). Each tenant names its default region (`ServiceConfiguration`).
///
/// Thread safety: a value type.
public struct PhoneRegion: Sendable, Hashable {
    /// ISO 3166 code (`US`).
    public var code: String
    /// The country calling code (`1`, `44`).
    public var callingCode: String
    /// The digit dialled before a national number at home (`0` in most of Europe; `1` for the
    /// North American plan), dropped in E.164.
    public var trunkPrefix: String?
    /// What is dialled before a country code to call abroad (`011` in North America, else `00`).
    public var internationalPrefix: String

    public static let us = PhoneRegion(code: "US", callingCode: "1", trunkPrefix: "1", internationalPrefix: "011")

    /// The regions a tenant may name, from the ITU's E.164 assignments and each plan's prefixes.
    public static let known: [String: PhoneRegion] = {
        let regions = [
            us, PhoneRegion(code: "CA", callingCode: "1", trunkPrefix: "1", internationalPrefix: "011"),
            PhoneRegion(code: "GB", callingCode: "44", trunkPrefix: "0", internationalPrefix: "00"),
            PhoneRegion(code: "IE", callingCode: "353", trunkPrefix: "0", internationalPrefix: "00"),
            PhoneRegion(code: "AU", callingCode: "61", trunkPrefix: "0", internationalPrefix: "0011"),
            PhoneRegion(code: "NZ", callingCode: "64", trunkPrefix: "0", internationalPrefix: "00"),
            PhoneRegion(code: "DE", callingCode: "49", trunkPrefix: "0", internationalPrefix: "00"),
            PhoneRegion(code: "FR", callingCode: "33", trunkPrefix: "0", internationalPrefix: "00"),
            PhoneRegion(code: "NL", callingCode: "31", trunkPrefix: "0", internationalPrefix: "00"),
            PhoneRegion(code: "ES", callingCode: "34", trunkPrefix: nil, internationalPrefix: "00"),
            PhoneRegion(code: "IN", callingCode: "91", trunkPrefix: "0", internationalPrefix: "00"),
        ]
        return Dictionary(uniqueKeysWithValues: regions.map { ($0.code, $0) })
    }()

    public init(code: String, callingCode: String, trunkPrefix: String?, internationalPrefix: String) {
        self.code = code
        self.callingCode = callingCode
        self.trunkPrefix = trunkPrefix
        self.internationalPrefix = internationalPrefix
    }

    /// The region with this ISO code (any case); nil when it is not among `known`.
    public init?(_ code: String) {
        guard let region = Self.known[code.uppercased()] else { return nil }
        self = region
    }

    /// A typed number in E.164 (`+` and up to 15 digits): as given when it starts with `+` or the
    /// international prefix, else a national number of this region (its trunk prefix dropped). In
    /// the North American plan a 10-digit number has no trunk prefix, and an 11-digit one starting
    /// with 1 has it.
    /// A trunk prefix written in parentheses after the country code (`+44 (0)7700…`) is dropped.
    public func e164(_ typed: String) -> String {
        let digits = typed.replacingOccurrences(of: "(0)", with: "").filter { $0.isASCII && $0.isNumber }
        if typed.trimmingPrefixSpaces.hasPrefix("+") { return "+" + digits }
        if digits.hasPrefix(internationalPrefix) { return "+" + digits.dropFirst(internationalPrefix.count) }
        var national = Substring(digits)
        if let trunk = trunkPrefix, national.hasPrefix(trunk) {
            // NANP: the 1 is a trunk prefix only before a full 10-digit number.
            if callingCode != "1" || national.count == 11 { national = national.dropFirst(trunk.count) }
        }
        return "+" + callingCode + national
    }
}

extension String {
    fileprivate var trimmingPrefixSpaces: Substring { drop { $0 == " " || $0 == "\t" || $0 == "\n" } }
}
