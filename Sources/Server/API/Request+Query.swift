import Hummingbird
import Knowledge

extension Request {
    /// A whole-number query parameter, parsed strictly: digits only (no sign, exponent or
    /// fraction) and within `bounds`; nil when the parameter is absent.
    /// - Throws: `APIError` 400 naming the parameter and the range it takes.
    func integerQuery(_ name: String, in bounds: ClosedRange<Int>) throws -> Int? {
        guard let raw = uri.queryParameters[Substring(name)] else { return nil }
        let problem = APIError.badRequest(
            "query parameter \(name): expected a whole number from \(bounds.lowerBound) to "
                + "\(bounds.upperBound), got `\(String(raw.prefix(40)))`")
        guard !raw.isEmpty, raw.count <= 18, raw.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(raw) else {
            throw problem
        }
        guard bounds.contains(value) else { throw problem }
        return value
    }
}

extension Request {
    /// A `true`/`false` query parameter; nil when absent.
    /// - Throws: `APIError` 400 naming the parameter when it is neither.
    func booleanQuery(_ name: String) throws -> Bool? {
        guard let raw = uri.queryParameters[Substring(name)] else { return nil }
        switch raw {
        case "true": return true
        case "false": return false
        default:
            throw APIError.badRequest(
                "query parameter \(name): expected true or false, got `\(String(raw.prefix(40)))`")
        }
    }

    /// A `YYYY-MM-DD` query parameter; nil when absent.
    /// - Throws: `APIError` 400 naming the parameter when it is not such a date.
    func dateQuery(_ name: String) throws -> String? {
        guard let raw = uri.queryParameters[Substring(name)] else { return nil }
        let value = String(raw)
        guard EffectiveDate.isValid(value) else {
            throw APIError.badRequest(
                "query parameter \(name): expected a date as YYYY-MM-DD, got `\(String(value.prefix(40)))`")
        }
        return value
    }

    /// Refuses query parameters the route does not take, so a client never believes an option
    /// applied when it was ignored.
    /// - Throws: `APIError` 400 naming the unknown parameters and the ones the route takes.
    func refuseUnknownQueries(_ known: Set<String>) throws {
        let unknown = Set(uri.queryParameters.map { String($0.key) }).subtracting(known).sorted()
        guard unknown.isEmpty else {
            let takes = known.isEmpty ? "takes no query parameters" : "takes \(known.sorted().joined(separator: ", "))"
            throw APIError.badRequest(
                "unknown query parameter\(unknown.count == 1 ? "" : "s") "
                    + "\(unknown.map { "`\(String($0.prefix(40)))`" }.joined(separator: ", ")): this route \(takes)")
        }
    }
}
