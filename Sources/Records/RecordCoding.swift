import Foundation

/// How the stores write the JSON columns they own (sorted keys, so equal values store equal text)
/// and make their identifiers.
enum RecordCoding {
    /// A fresh identifier with a prefix (`cus_`, `conv_`, `ans_`): 20 random hex digits after it.
    static func makeID(_ prefix: String) -> String {
        prefix + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T {
        try JSONDecoder().decode(T.self, from: Data((text ?? "").utf8))
    }
}
