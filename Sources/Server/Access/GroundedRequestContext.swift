import Governance
import Hummingbird

/// The request context of every route: Hummingbird's core storage plus who is calling, set by
/// `ServiceHost` from the API key before the tenant's router sees the request.
public struct GroundedRequestContext: RequestContext {
    /// How the caller identified itself.
    public enum Credential: Sendable, Hashable {
        /// No key was sent.
        case none
        /// A key was sent and accepted.
        case principal(Principal)
        /// A key was sent and refused; the message says why (malformed, unknown, revoked).
        case refused(String)
    }

    public var coreContext: CoreRequestContextStorage
    public var credential: Credential = .none

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// The accepted caller, if any.
    public var principal: Principal? {
        if case .principal(let p) = credential { p } else { nil }
    }
}
