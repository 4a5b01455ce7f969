import ArgumentParser

/// A command-line number of seconds as a `Duration`.
/// - Throws: `ValidationError` naming the option when the value is not a finite number from 0 to
///   `limit` seconds (a year by default), so `--timeout nan` is refused instead of trapping.
func duration(seconds value: Double, option: String, limit: Double = 31_536_000) throws -> Duration {
    guard value.isFinite, value >= 0, value <= limit else {
        throw ValidationError("\(option): expected a number of seconds from 0 to \(Int(limit)), got \(value)")
    }
    return .milliseconds(Int64((value * 1000).rounded()))
}
