/// The query parameters each keyed route takes; any other is refused with 400 naming it
/// (`AccessMiddleware`), so a client never believes an option applied that was ignored. A route
/// not listed takes none. A test checks the table against the OpenAPI document.
enum QueryRule {
    static let allowed: [String: Set<String>] = [
        "GET /v1/conversations/{id}/assist": ["limit", "explain"],
        "GET /v1/documents/{id}": ["version", "asOf"],
        "GET /v1/handoffs": ["conversation"],
        "GET /v1/qa/reviews": ["state"],
    ]

    /// The parameters `method path` takes (empty when it takes none).
    static func parameters(method: String, path: String) -> Set<String> { allowed[method + " " + path] ?? [] }
}
