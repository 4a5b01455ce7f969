import Foundation
import Records
import Routing

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

extension RouteStore {
    /// Records a route decision (append-only): its columns, and the whole record as its body.
    /// - Throws: `EncodingError`, or `DatabaseError` for an id already recorded.
    public func save(_ route: RecordedRoute) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try save(
            RouteRecord(
                id: route.id, createdAt: route.createdAt, conversationID: route.conversationID,
                action: route.decision.action.rawValue, queue: route.decision.queue, rule: route.decision.rule,
                policyVersion: route.decision.policyVersion,
                body: String(decoding: try encoder.encode(route), as: UTF8.self)))
    }

    /// The recorded decision with this id, or nil.
    /// - Throws: `DecodingError` when the stored body is not a recorded route.
    public func route(id: String) throws -> RecordedRoute? {
        try record(id: id).map { try JSONDecoder().decode(RecordedRoute.self, from: Data($0.body.utf8)) }
    }
}
