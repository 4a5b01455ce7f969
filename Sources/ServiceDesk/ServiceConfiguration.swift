import Customers
import Foundation
import Governance
import Records
import Routing

/// What the service desk does, whatever carries its requests: the first policies of a new store,
/// the intent examples, where answers link to, and the experiment customers are assigned to.
public struct ServiceConfiguration: Sendable, Hashable {
    /// The longest question accepted, in characters (a question is a sentence or two; a longer
    /// text is a document, not a question).
    public var maxMessageCharacters: Int
    /// Where SMS answers link to for the full text, e.g. `https://help.example.com`; the link is
    /// `<publicURL>/v1/answers/<id>`. Nil: the front end's own address (`ServiceDesk.baseURL`).
    public var publicURL: String?
    /// The initial policies of a new store. Once a store has a policy of a kind, the approved
    /// version in the store governs and these are ignored (see `PolicyBook`): change a policy
    /// with `grounded policy propose` and a second person's approval.
    ///
    /// When a conversation goes to a person although the engine could answer.
    public var handoffPolicy: HandoffPolicy
    /// Who answers (`route`): thresholds, escalations and queues.
    public var routePolicy: RoutePolicy
    /// The intent examples file the router's classifier is trained on (JSON or CSV); nil routes
    /// without intents.
    public var intentExamples: String?
    /// When the service messages a customer first (events → grounded outreach).
    public var proactivePolicy: ProactivePolicy
    /// How long each kind of customer data is kept.
    public var retentionPolicy: RetentionPolicy
    /// The policy gate's own rules: approvals required, notice.
    public var approvalPolicy: ApprovalPolicy
    /// How far votes may move ranking.
    public var feedbackPolicy: FeedbackPolicy
    /// The A/B experiment customers are assigned to (by a stable hash); the service report and
    /// `/metrics` break the outcomes down by its arms.
    public var experiment: ABSwitch?
    /// How many of a conversation's latest turns a new message reads, so a long conversation does
    /// not slow its own answers. 24 covers the most declines in a row a handoff policy may count
    /// (10, each a question and its reply) and the three customer turns retrieval reads.
    public var historyTurns: Int
    /// Where a phone number typed without its country code is from (ISO code; `PhoneRegion.known`).
    /// Default `US`: the demo company's customers are in North America.
    public var phoneRegion: String
    /// The reply experiment installed as the first `experiment` policy of a new store (later
    /// versions go through the approval gate). Default: none runs.
    public var experimentPolicy: ExperimentPolicy
    /// The bias audit's thresholds, installed as the first `fairness` policy of a new store.
    public var fairnessPolicy: FairnessPolicy

    public init(
        maxMessageCharacters: Int = 2_000, publicURL: String? = nil, handoffPolicy: HandoffPolicy = .init(),
        routePolicy: RoutePolicy = .init(), intentExamples: String? = nil, proactivePolicy: ProactivePolicy = .init(),
        retentionPolicy: RetentionPolicy = .init(), approvalPolicy: ApprovalPolicy = .init(),
        feedbackPolicy: FeedbackPolicy = .init(), experiment: ABSwitch? = nil, historyTurns: Int = 24,
        phoneRegion: String = "US", experimentPolicy: ExperimentPolicy = .init(),
        fairnessPolicy: FairnessPolicy = .init()
    ) {
        self.maxMessageCharacters = maxMessageCharacters
        self.publicURL = publicURL
        self.handoffPolicy = handoffPolicy
        self.routePolicy = routePolicy
        self.intentExamples = intentExamples
        self.proactivePolicy = proactivePolicy
        self.retentionPolicy = retentionPolicy
        self.approvalPolicy = approvalPolicy
        self.feedbackPolicy = feedbackPolicy
        self.experiment = experiment
        self.historyTurns = historyTurns
        self.phoneRegion = phoneRegion
        self.experimentPolicy = experimentPolicy
        self.fairnessPolicy = fairnessPolicy
    }

    /// - Throws: `ServiceConfigurationError` naming the invalid setting.
    public func validate() throws {
        guard maxMessageCharacters > 0 else {
            throw ServiceConfigurationError("maxMessageCharacters must be positive")
        }
        guard historyTurns >= 2 * 10 + 2 else {
            throw ServiceConfigurationError(
                "historyTurns \(historyTurns) is below 22: a handoff policy may count 10 declines in a row")
        }
        guard PhoneRegion(phoneRegion) != nil else {
            throw ServiceConfigurationError(
                "phoneRegion \(phoneRegion) is not one of \(PhoneRegion.known.keys.sorted().joined(separator: ", "))")
        }
        do { try handoffPolicy.validate() } catch { throw ServiceConfigurationError("\(error)") }
        do { try routePolicy.validate() } catch { throw ServiceConfigurationError("\(error)") }
        do { try proactivePolicy.validate() } catch { throw ServiceConfigurationError("\(error)") }
        do { try retentionPolicy.validate() } catch { throw ServiceConfigurationError("\(error)") }
        do { try approvalPolicy.validate() } catch { throw ServiceConfigurationError("\(error)") }
        do { try feedbackPolicy.validate() } catch { throw ServiceConfigurationError("\(error)") }
        do { try experimentPolicy.validate() } catch { throw ServiceConfigurationError("\(error)") }
        do { try fairnessPolicy.validate() } catch { throw ServiceConfigurationError("\(error)") }
    }
}

/// A service setting that cannot work, and which.
public struct ServiceConfigurationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "service configuration: \(message)" }
}
