import Foundation

/// A policy document as JSON: canonical text (sorted keys, pretty-printed, so that diffs are
/// line by line and equal documents are equal text) and its `version` field.
public struct PolicyDocument: Sendable, Hashable {
    public let text: String
    public let version: String

    /// - Throws: `PolicyError(.invalidDocument)` when `data` is not a JSON object with a
    ///   non-empty string `version`.
    public init(json data: Data) throws {
        guard let object = try? JSONSerialization.jsonObject(with: data), let dictionary = object as? [String: Any]
        else {
            throw PolicyError(.invalidDocument, "the policy is not a JSON object")
        }
        guard let version = dictionary["version"] as? String, !version.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            throw PolicyError(
                .invalidDocument,
                "the policy has no \"version\" (a string naming this version, e.g. \"routing-2026-12-01\")")
        }
        let canonical = try JSONSerialization.data(
            withJSONObject: dictionary, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        text = String(decoding: canonical, as: UTF8.self)
        self.version = version
    }

    /// The canonical text of any encodable policy.
    public init<T: Encodable>(encoding value: T) throws {
        try self.init(json: try JSONEncoder().encode(value))
    }
}
