import Answering
import Customers

/// What `POST /v1/route` returns: the decision as recorded (its rules weighed and, for a person,
/// its queues), and with `"explain": true` the explanation of the answer it weighed — never
/// recorded with the decision.
public struct RouteResponse: Sendable, Encodable {
    public var route: RecordedRoute
    public var explanation: AnswerExplanation?

    enum Key: String, CodingKey { case explanation }

    /// The recorded route's fields, then `explanation` beside them.
    public func encode(to encoder: any Encoder) throws {
        try route.encode(to: encoder)
        if let explanation {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(explanation, forKey: .explanation)
        }
    }
}
