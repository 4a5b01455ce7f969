/// Why a document could not be read: shown to the knowledge manager with the file's path.
public struct DocumentError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case binary, encoding, empty, frontMatter, duplicate, unsupported, unreadable, malformed
    }
    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    static func frontMatter(_ m: String) -> DocumentError { DocumentError(.frontMatter, "front matter \(m)") }

    public var description: String { message }
}
