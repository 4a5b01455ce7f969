import Customers
import Engine
import Foundation
import Records
import Routing
import Synchronization

/// The customer-service application, whatever carries its requests: answering in a customer's
/// conversation, routing, handoffs, live assist, feedback, QA review, outreach and retention,
/// over one opened index and one tenant's service store. The HTTP server and the command line
/// are front ends over it; it knows nothing of either.
///
/// Thread safety: immutable apart from its caches (each behind a mutex); use cases run
/// concurrently. They block on the engine and the store: a front end on an event loop runs
/// them off it.
public final class ServiceDesk: Sendable {
    /// The engine over the build being served; replaced, between requests, when a re-index
    /// publishes a new build (`reloadIfNewBuild`). A request keeps the engine it started with.
    public var engine: GroundedEngine { current.withLock { $0 } }
    private let current: Mutex<GroundedEngine>
    public let store: ServiceStore
    /// The trained models every build this desk opens answers with.
    public let models: ModelChoice
    public let configuration: ServiceConfiguration
    public let metrics: any ServiceMetricsRecording
    public let formatter: ChannelFormatter
    /// Live suggestions, fanned out to the agents watching each conversation.
    public let hub: AssistHub
    /// The next-best actions agents may take.
    public let catalogue: ActionCatalogue
    /// The use cases over the store alone: the policy gate, retention, the feedback ledger, reports.
    public let backOffice: BackOffice
    /// The approved policies in force (read-only to the desk).
    public var policies: PolicyBook { backOffice.policies }
    /// The router's intent classifier, trained on first use from `configuration.intentExamples`.
    let intents = Mutex<IntentClassifier?>(nil)
    /// Votes on chunks under a feedback policy version, cached until the next feedback.
    let priors = Mutex<(version: String, priors: FeedbackPriors)?>(nil)
    /// Answers given to customers in an experiment since its guardrail last looked.
    let answersSinceGuardrail = Mutex(0)
    /// The engine over the staged build under review, opened on first use, by staged build id.
    let staged = Mutex<GroundedEngine?>(nil)
    /// Where answers are linked from when the configuration names no public URL.
    private let ownURL: Mutex<String>

    /// Installs the configuration's policies in a store that has none (see `PolicyBook`).
    /// - Parameters:
    ///   - models: the trained models a re-indexed build is opened with (the engine given was
    ///     opened with the same).
    ///   - baseURL: the front end's own address, for answer links when `configuration.publicURL`
    ///     is nil (`setBaseURL` updates it once the front end knows its port).
    /// - Throws: `ServiceConfigurationError` for an invalid configuration; `DatabaseError` when
    ///   the store cannot be written.
    public init(
        engine: GroundedEngine, store: ServiceStore, configuration: ServiceConfiguration = .init(),
        metrics: any ServiceMetricsRecording = UnrecordedMetrics(), formatter: ChannelFormatter = .init(),
        catalogue: ActionCatalogue = .init(), models: ModelChoice = .shipped, baseURL: String = "http://127.0.0.1"
    ) throws {
        try configuration.validate()
        current = Mutex(engine)
        self.models = models
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
        self.formatter = formatter
        self.catalogue = catalogue
        hub = AssistHub()
        ownURL = Mutex(baseURL)
        backOffice = try BackOffice(store: store, initial: configuration)
        // Phone numbers stored before E.164 (digits only) are read in the tenant's region, once.
        try store.customers.normalisePhoneNumbers(in: phoneRegion)
    }

    /// The tenant's phone region (`ServiceConfiguration.phoneRegion`, validated in `init`).
    public var phoneRegion: PhoneRegion { PhoneRegion(configuration.phoneRegion) ?? .us }

    /// The identities a request names, phone numbers read in the tenant's region.
    public func identities(_ named: [String: String]?) -> [Identity] {
        named?.identities(phoneRegion: phoneRegion) ?? []
    }

    /// Opens the index's current build when it is not the one served, and serves it from the next
    /// request on; in-flight requests finish on the old one. Caches derived from the old build
    /// (the intent classifier's embeddings, feedback priors by span) are dropped.
    /// - Returns: the new build's id, or nil when the served build is current.
    /// - Throws: what opening the new build throws; the old build then goes on serving.
    @discardableResult
    public func reloadIfNewBuild(modelDirectory: URL? = nil) throws -> String? {
        let served = engine.knowledge
        guard let latest = try GroundedEngine.currentBuildID(index: served.layout.root), latest != served.build.buildID
        else { return nil }
        let fresh = try GroundedEngine(index: served.layout.root, modelDirectory: modelDirectory, models: models)
        current.withLock { $0 = fresh }
        intents.withLock { $0 = nil }
        priors.withLock { $0 = nil }
        return latest
    }

    /// Sets the front end's own address (known once it listens), used for answer links when the
    /// configuration names no public URL.
    public func setBaseURL(_ url: String) { ownURL.withLock { $0 = url } }

    /// Where answers can be read back: the configured public URL, or the front end's own address.
    public var publicURL: String { configuration.publicURL ?? ownURL.withLock { $0 } }

    /// The link a customer opens to read an archived answer: its page (`GET /a/{id}`).
    public func link(toAnswer id: String) -> String { publicURL + "/a/" + id }
}
