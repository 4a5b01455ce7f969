import Foundation

/// Dates as RFC 3339 / ISO 8601 internet time in UTC ("2026-12-06T19:28:30Z"), the form the stores
/// write, with a value-type format style instead of an `ISO8601DateFormatter` made per call.
///
/// Thread safety: stateless.
public enum InternetTime {
    private static let style = Date.ISO8601FormatStyle()

    /// `date` as "yyyy-MM-ddTHH:mm:ssZ" (whole seconds, UTC).
    public static func string(from date: Date) -> String { style.format(date) }

    /// The date `text` names, or nil when it is not internet time.
    public static func date(from text: String) -> Date? { try? style.parse(text) }
}
