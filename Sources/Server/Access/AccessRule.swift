import Governance

/// Which roles may call each route. The table is the whole truth: `AccessMiddleware` refuses any
/// route it does not list (fail closed), and a test checks it lists exactly the routes served.
public struct AccessRule: Sendable, Hashable {
    /// `GET`, `POST`, …
    public let method: String
    /// The router's pattern, e.g. `/v1/answers/{id}`.
    public let path: String
    /// Nil: public (no key needed). Otherwise the roles admitted.
    public let roles: Set<Role>?

    public var isPublic: Bool { roles == nil }

    /// Every route and who may call it.
    public static let table: [AccessRule] = [
        // Liveness, readiness, the API's description and the console page carry no tenant data.
        .init("GET", "/health", nil),
        .init("GET", "/ready", nil),
        .init("GET", "/openapi.json", nil),
        .init("GET", "/console", nil),
        // Answers: channels ask; an answer's page is reached by its unguessable id from an SMS link.
        .init("POST", "/v1/answer", [.channel, .agent, .admin]),
        .init("GET", "/v1/answers/{id}", nil),
        .init("GET", "/a/{id}", nil),
        .init("GET", "/v1/documents/{id}", [.channel, .agent, .knowledgeManager, .qa, .opsLead, .admin]),
        .init("POST", "/v1/route", [.channel, .agent, .admin]),
        .init("GET", "/v1/routes/{id}", [.agent, .qa, .opsLead, .admin]),
        .init("POST", "/v1/feedback", [.channel, .agent, .qa, .admin]),
        // What votes move, and resetting them: the knowledge manager owns the passages voted on.
        .init("GET", "/v1/feedback/report", [.knowledgeManager, .qa, .opsLead, .admin]),
        .init("POST", "/v1/feedback/reset", [.knowledgeManager, .admin]),
        // Customers and their conversations.
        .init("POST", "/v1/events", [.channel, .admin]),
        .init("GET", "/v1/customers/{id}", [.agent, .admin]),
        .init("DELETE", "/v1/customers/{id}", [.admin]),
        .init("PUT", "/v1/customers/{id}/consents", [.channel, .agent, .admin]),
        .init("GET", "/v1/customers/{id}/outreach", [.agent, .opsLead, .admin]),
        .init("GET", "/v1/handoffs", [.agent, .admin]),
        .init("GET", "/v1/handoffs/{id}", [.agent, .admin]),
        .init("GET", "/v1/conversations/{id}", [.agent, .qa, .admin]),
        .init("GET", "/v1/conversations/{id}/assist", [.agent, .admin]),
        .init("POST", "/v1/conversations/{id}/reply", [.agent, .admin]),
        .init("POST", "/v1/suggestions/{id}/feedback", [.agent, .admin]),
        // Quality.
        .init("POST", "/v1/qa/score", [.qa, .admin]),
        .init("GET", "/v1/qa/reviews", [.qa, .opsLead, .admin]),
        .init("POST", "/v1/qa/reviews/{id}/assign", [.qa, .opsLead, .admin]),
        .init("POST", "/v1/qa/reviews/{id}/resolve", [.qa, .admin]),
        .init("GET", "/v1/qa/reviews/export", [.qa, .opsLead, .admin]),
        // The reply experiment's arms with intervals; running its guardrail now.
        .init("GET", "/v1/experiment", [.qa, .opsLead, .admin]),
        .init("POST", "/v1/experiment/guardrail", [.opsLead, .admin]),
        // The bias audit: outcome rates per customer segment, gaps flagged by the fairness policy.
        .init("GET", "/v1/reports/fairness", [.qa, .opsLead, .admin]),
        // Policy: proposed by owners, approved and rolled back by an ops lead only.
        .init("GET", "/v1/policies", [.knowledgeManager, .qa, .opsLead, .admin]),
        .init("GET", "/v1/policies/{kind}/history", [.knowledgeManager, .qa, .opsLead, .admin]),
        .init("POST", "/v1/policies/{kind}/proposals", [.knowledgeManager, .opsLead, .admin]),
        .init("GET", "/v1/policy-changes/{id}", [.knowledgeManager, .qa, .opsLead, .admin]),
        .init("POST", "/v1/policy-changes/{id}/approve", [.opsLead]),
        .init("POST", "/v1/policies/{kind}/rollback", [.opsLead]),
        // Staged builds: reviewed by knowledge managers and QA, made current or dropped by a knowledge manager.
        .init("GET", "/v1/builds", [.knowledgeManager, .qa, .opsLead, .admin]),
        .init("POST", "/v1/builds/staged/ask", [.knowledgeManager, .qa, .admin]),
        .init("POST", "/v1/builds/staged/promote", [.knowledgeManager, .admin]),
        .init("POST", "/v1/builds/staged/discard", [.knowledgeManager, .admin]),
        // Operations.
        .init("GET", "/metrics", [.opsLead, .admin]),
        .init("POST", "/v1/retention/run", [.opsLead, .admin]),
        .init("GET", "/v1/audit/verify", [.qa, .opsLead, .admin]),
    ]

    /// The rule for a request's method and matched route pattern, or nil when the table has none.
    public static func rule(method: String, path: String) -> AccessRule? {
        index[method + " " + path]
    }

    private static let index = Dictionary(
        table.map { ($0.method + " " + $0.path, $0) }, uniquingKeysWith: { a, _ in a })

    init(_ method: String, _ path: String, _ roles: Set<Role>?) {
        self.method = method
        self.path = path
        self.roles = roles
    }
}
