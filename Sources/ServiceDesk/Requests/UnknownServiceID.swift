/// An id the service desk holds nothing under (an answer, a conversation, a suggestion…): which,
/// and where such ids come from. A front end returns it as its "not found" (HTTP 404).
public struct UnknownServiceID: Error, CustomStringConvertible, Sendable {
    /// What was asked for and where its ids come from.
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
