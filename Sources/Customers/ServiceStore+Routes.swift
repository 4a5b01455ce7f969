import Foundation
import Routing
import Storage

/// A route decision as recorded: the decision, with its inputs, and where it was made.
public struct RecordedRoute: Sendable, Hashable, Codable {
    public var id: String
    public var createdAt: Date
    public var conversationID: String?
    public var decision: RouteDecision
    /// The handoff the decision queued, when it sent a known customer to a person.
    public var handoffID: String?

    public init(id: String, createdAt: Date, conversationID: String?, decision: RouteDecision, handoffID: String?) {
        self.id = id
        self.createdAt = createdAt
        self.conversationID = conversationID
        self.decision = decision
        self.handoffID = handoffID
    }
}

extension ServiceStore {
    /// Records a route decision (append-only).
    public func saveRoute(_ route: RecordedRoute) throws {
        _ = try database.run(
            """
            INSERT INTO route_decisions(id, created_at, conversation_id, action, queue, rule, policy_version, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                route.id, route.createdAt.timeIntervalSince1970, route.conversationID, route.decision.action.rawValue,
                route.decision.queue, route.decision.rule, route.decision.policyVersion, try Self.json(route),
            ])
    }

    /// The recorded decision with this id, or nil.
    public func route(id: String) throws -> RecordedRoute? {
        try database.query("SELECT body FROM route_decisions WHERE id = ?", [id]).first.map {
            try Self.decode(RecordedRoute.self, $0["body"].string)
        }
    }
}
