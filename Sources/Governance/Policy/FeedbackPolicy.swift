import Foundation

/// How much votes on answers and passages may move ranking, governed like any policy (a change
/// needs an ops lead's approval): votes count only once enough distinct people have voted, each
/// role's vote has a weight, and the effect on a passage's score is bounded.
///
/// Defaults: five distinct voters before anything moves (one agent, or one compromised key,
/// cannot move an answer alone); staff votes count four times a channel's (a channel key speaks
/// for many anonymous customers, and is one voter however many votes it sends); a passage's score
/// at most halved or doubled.
public struct FeedbackPolicy: Sendable, Hashable, Codable {
    public var version: String
    /// Distinct voters (API key holders) on a passage, for one kind of question, before their
    /// votes move it (1–100).
    public var minimumVoters: Int
    /// A vote's weight by the voter's role (0–10); a role not listed weighs 0.
    public var weights: [String: Double]
    /// The most a passage's score may be multiplied (or divided) by (1–4).
    public var maximumEffect: Double

    public init(
        version: String = "feedback-default", minimumVoters: Int = 5,
        weights: [String: Double] = FeedbackPolicy.defaultWeights, maximumEffect: Double = 2
    ) {
        self.version = version
        self.minimumVoters = minimumVoters
        self.weights = weights
        self.maximumEffect = maximumEffect
    }

    public static let defaultWeights: [String: Double] = [
        Role.agent.rawValue: 1, Role.qa.rawValue: 1, Role.knowledgeManager.rawValue: 1, Role.opsLead.rawValue: 1,
        Role.admin.rawValue: 1, Role.channel.rawValue: 0.25,
    ]

    /// The weight of a vote by `role`.
    public func weight(of role: Role) -> Double { weights[role.rawValue] ?? 0 }

    /// - Throws: `PolicyError(.invalidDocument)` naming the setting out of range.
    public func validate() throws {
        guard (1...100).contains(minimumVoters) else {
            throw PolicyError(.invalidDocument, "minimumVoters is \(minimumVoters): use 1...100")
        }
        for (role, weight) in weights.sorted(by: { $0.key < $1.key }) {
            guard Role(rawValue: role) != nil else {
                throw PolicyError(
                    .invalidDocument,
                    "weights names `\(role)`, not a role: use \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard weight.isFinite, (0...10).contains(weight) else {
                throw PolicyError(.invalidDocument, "weights.\(role) is \(weight): use 0...10")
            }
        }
        guard maximumEffect.isFinite, (1...4).contains(maximumEffect) else {
            throw PolicyError(.invalidDocument, "maximumEffect is \(maximumEffect): use 1...4")
        }
    }
}
