/// A decoding error in words a client can act on: which field, and what it should have been —
/// `field customer.email: expected a string, got a number` — never the decoder's debug text.
extension DecodingError {
    public var fieldDescription: String {
        switch self {
        case .keyNotFound(let key, let context):
            return "field \(Self.path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context):
            return "field \(Self.path(context.codingPath)): expected \(Self.name(of: type))"
        case .valueNotFound(let type, let context):
            return "field \(Self.path(context.codingPath)): expected \(Self.name(of: type)), got null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON: send one JSON object" }
            return "field \(Self.path(context.codingPath)): \(Self.plain(context.debugDescription))"
        @unknown default:
            return "the body could not be read as this request"
        }
    }

    /// `customer.email`, `conversation[2].text`; `body` for the top level.
    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == "\(index)" {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return out.isEmpty ? "body" : out
    }

    /// A type as a client knows it.
    static func name(of type: Any.Type) -> String {
        let described = String(describing: type)
        switch described {
        case "String", "Substring": return "a string"
        case "Bool": return "true or false"
        case "Int", "Int64", "Int32", "UInt", "UInt64": return "a whole number"
        case "Double", "Float": return "a number"
        case "Date": return "a date and time such as 2026-12-01T09:30:00Z"
        default:
            if described.hasPrefix("Array") || described.hasPrefix("[") { return "an array" }
            if described.hasPrefix("Dictionary") || described.contains(":") { return "an object" }
            return "an object"
        }
    }

    /// The decoder's own words, cut at the first sentence (they name Swift types after that).
    static func plain(_ text: String) -> String {
        let first = text.split(separator: ".", maxSplits: 1).first.map(String.init) ?? text
        return first.isEmpty ? "not a valid value" : first.prefix(1).lowercased() + first.dropFirst()
    }
}
