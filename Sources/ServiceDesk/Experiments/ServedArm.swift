/// The experiment arm a customer's reply came from: the arm they are assigned, and whether the
/// control's reply was served instead because the guardrail stopped that arm.
public struct ServedArm: Sendable, Codable, Hashable {
    public var experiment: String
    public var arm: String
    /// The arm was stopped: the reply is the control's (outcomes still count for the assigned
    /// arm, as assigned — intention to treat).
    public var stopped: Bool
}
