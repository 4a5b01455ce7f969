/// A refused credential or an access request that cannot be honoured, with what to do next.
public struct AccessError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case malformedKey, unknownKey, revokedKey, unknownRole, invalidTenant, invalidPerson
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
