/// A request the service desk refuses as given: what was wrong and what to send instead. A front
/// end returns it as its "bad request" (HTTP 400).
public struct InvalidServiceRequest: Error, CustomStringConvertible, Sendable {
    /// What was wrong, naming the field, and what to do.
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
