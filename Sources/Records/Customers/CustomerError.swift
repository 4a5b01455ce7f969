/// A request about customers that cannot be carried out, and why.
public struct CustomerError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
