import Foundation
import Knowledge

extension GroundedService {
    /// The most data fields one event may carry, and the longest key.
    static let maxEventFields = 50
    static let maxEventKeyCharacters = 64

    /// Checks an event before anything is stored: its type is a short name, its time is neither
    /// before 2000 nor more than a day ahead (retention purges by it, so a time far ahead would
    /// never be purged), its data is bounded, and a `customerSince` is a date.
    /// - Returns: the event's time (nil: now).
    /// - Throws: `APIError` (400) naming the field.
    func validate(event body: EventRequest, now: Date = Date()) throws -> Date? {
        let type = body.type
        guard !type.isEmpty, type.count <= Self.maxEventKeyCharacters,
            type.unicodeScalars.allSatisfy({
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_.-".unicodeScalars.contains($0))
            })
        else {
            throw APIError.badRequest(
                "field type: expected a name of 1 to \(Self.maxEventKeyCharacters) letters, digits, `_`, `.` or `-`, "
                    + "such as order_placed")
        }
        let time = try Self.time(of: body)
        if let at = time {
            let earliest = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01T00:00:00Z
            guard at >= earliest, at <= now.addingTimeInterval(86_400) else {
                throw APIError.badRequest(
                    "field at: expected a time from 2000-01-01 to at most a day from now, got "
                        + ISO8601DateFormatter().string(from: at))
            }
        }
        let data = body.data ?? [:]
        guard data.count <= Self.maxEventFields else {
            throw APIError.badRequest("field data: at most \(Self.maxEventFields) fields, not \(data.count)")
        }
        for (key, value) in data.sorted(by: { $0.key < $1.key }) {
            guard !key.isEmpty, key.count <= Self.maxEventKeyCharacters else {
                throw APIError.badRequest("field data: keys are 1 to \(Self.maxEventKeyCharacters) characters")
            }
            guard value.count <= configuration.maxMessageCharacters else {
                throw APIError.badRequest(
                    "field data.\(key): at most \(configuration.maxMessageCharacters) characters, not \(value.count)")
            }
        }
        if let since = data["customerSince"], !EffectiveDate.isValid(since) {
            throw APIError.badRequest(
                "field data.customerSince: expected a date as YYYY-MM-DD, got `\(String(since.prefix(40)))`")
        }
        return time
    }

    /// The event's time, read from ISO 8601 with or without fractional seconds.
    /// - Throws: `APIError` (400) naming `at` when it is not such a time.
    static func time(of body: EventRequest) throws -> Date? {
        guard let text = body.at else { return nil }
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = plain.date(from: text) ?? fractional.date(from: text) else {
            throw APIError.badRequest(
                "field at: expected a date and time such as 2026-12-01T09:30:00Z, got `\(String(text.prefix(40)))`")
        }
        return date
    }
}
