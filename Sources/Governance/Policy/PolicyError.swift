/// A policy change refused, and why, with what to do instead.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case unknownKind, unknownChange, invalidDocument, sameVersion, notProposed, selfApproval, notApprover,
            nothingToRollBack
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
