import Governance
import Hummingbird

/// Checks the caller against `AccessRule.table` before any handler runs, failing closed:
/// - a public route passes;
/// - no key, or a refused key, is 401 (also on paths that match no route, so that probing
///   reveals nothing);
/// - a route the table does not list is 403 for everybody;
/// - a role the rule does not admit is 403;
/// - a query parameter the route does not take (`QueryRule`) is 400.
///
/// Thread safety: stateless.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = GroundedRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = context.endpointPath
        let rule = path.flatMap { AccessRule.rule(method: request.method.rawValue, path: $0) }
        if rule?.isPublic == true { return try await next(request, context) }
        let principal: Principal
        switch context.credential {
        case .none:
            throw APIError.unauthorized()
        case .refused(let why):
            throw APIError.unauthorized(why)
        case .principal(let p):
            principal = p
        }
        guard path != nil else { return try await next(request, context) }  // no such route: 404 from the router
        guard let rule, let roles = rule.roles else {
            throw APIError(
                .forbidden, code: "forbidden", "no access rule covers \(request.method.rawValue) \(path ?? ""): refused"
            )
        }
        guard roles.contains(principal.role) else {
            let allowed = roles.map(\.rawValue).sorted().joined(separator: ", ")
            throw APIError(
                .forbidden, code: "forbidden",
                "role \(principal.role.rawValue) may not call \(request.method.rawValue) \(rule.path): it needs "
                    + "\(allowed)"
            )
        }
        try request.refuseUnknownQueries(QueryRule.parameters(method: request.method.rawValue, path: rule.path))
        return try await next(request, context)
    }
}
