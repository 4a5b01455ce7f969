import Foundation

/// The fields a request body may have, as a tree: what `RequestBody.shape` declares so that an
/// unknown field is refused with its name (a client that sends `explian` learns it was ignored
/// before it relies on it) instead of being dropped silently by `Decodable`.
indirect enum JSONShape: Sendable {
    /// An object with exactly these fields (each optional unless its type says otherwise).
    case object([String: JSONShape])
    /// An object whose keys are the client's own (identities, event data), each value shaped so.
    case map(JSONShape)
    case array(JSONShape)
    /// A string, number, boolean or null (its type is the decoder's to check).
    case value
    /// Anything: a document validated by its own rules (a policy).
    case any
}

/// A request body type with its declared shape.
protocol RequestBody: Decodable {
    static var shape: JSONShape { get }
}

/// What is wrong with a request body before it is decoded: a field the route does not take, or
/// text with a control character that cannot be stored as it came.
struct JSONShapeError: Error {
    let message: String
}

extension JSONShape {
    /// Checks a parsed JSON value (from `JSONSerialization`) against the shape, and every string
    /// and key in it for control characters other than tab, line feed and carriage return.
    /// - Parameter path: where `value` sits, for messages (`customer.email`, `conversation[2].text`).
    /// - Throws: `JSONShapeError` naming the first field at fault.
    func check(_ value: Any, at path: String = "") throws {
        if let text = value as? String {
            try Self.checkText(text, at: path)
            return
        }
        switch (self, value) {
        case (.object(let fields), let object as [String: Any]):
            for key in object.keys.sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                try Self.checkText(key, at: child)
                guard let shape = fields[key] else {
                    let known = fields.keys.sorted().joined(separator: ", ")
                    throw JSONShapeError(
                        message: "unknown field `\(String(child.prefix(80)))`: \(path.isEmpty ? "the body" : path) "
                            + "takes \(known.isEmpty ? "no fields" : known)")
                }
                try shape.check(object[key]!, at: child)
            }
        case (.map(let shape), let object as [String: Any]):
            for key in object.keys.sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                try Self.checkText(key, at: child)
                try shape.check(object[key]!, at: child)
            }
        case (.array(let shape), let array as [Any]):
            for (i, element) in array.enumerated() { try shape.check(element, at: "\(path)[\(i)]") }
        case (.any, is [String: Any]):
            try JSONShape.map(.any).check(value, at: path)
        case (.any, is [Any]):
            try JSONShape.array(.any).check(value, at: path)
        default:
            return  // a type the shape does not expect: the decoder says which type it wanted
        }
    }

    /// Refuses C0 controls other than tab, LF and CR, and DEL: they cannot be stored whole
    /// everywhere (SQLite's C strings end at NUL) and have no place in customer text.
    static func checkText(_ text: String, at path: String) throws {
        guard
            let bad = text.unicodeScalars.first(where: {
                ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || $0.value == 0x7F
            })
        else { return }
        let code = "U+" + String(format: "%04X", bad.value)
        throw JSONShapeError(
            message: "field `\(path.isEmpty ? "body" : String(path.prefix(80)))` contains the control character "
                + "\(code): remove it (tab and newlines are accepted)")
    }
}
