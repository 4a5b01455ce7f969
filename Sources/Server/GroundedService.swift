import Customers
import Engine
import Foundation
import GroundedCore
import Hummingbird
import Logging
import NIOFoundationEssentialsCompat
import Records
import Retrieval
import Routing
import ServiceDesk
import Synchronization

/// The service desk over HTTP: routes, JSON mapping and middleware around one tenant's
/// `ServiceDesk`, which owns the use cases.
///
/// Thread safety: immutable; requests run concurrently.
public final class GroundedService: Sendable {
    /// The application the routes call.
    public let desk: ServiceDesk
    public let configuration: ServerConfiguration
    public let metrics: ServerMetrics

    /// The engine over the build being served (see `ServiceDesk.engine`).
    public var engine: GroundedEngine { desk.engine }
    public var store: ServiceStore { desk.store }
    public var models: ModelChoice { desk.models }
    public var formatter: ChannelFormatter { desk.formatter }
    public var hub: AssistHub { desk.hub }
    public var catalogue: ActionCatalogue { desk.catalogue }
    public var policies: PolicyBook { desk.policies }

    /// Installs the configuration's policies in a store that has none (see `PolicyBook`).
    /// - Throws: `ServerConfigurationError` for an invalid configuration; `DatabaseError` when
    ///   the store cannot be written.
    /// - Parameter models: the trained models a re-indexed build is opened with (the engine
    ///   given was opened with the same).
    public init(
        engine: GroundedEngine, store: ServiceStore, configuration: ServerConfiguration = .init(),
        metrics: ServerMetrics = .init(), formatter: ChannelFormatter = .init(), catalogue: ActionCatalogue = .init(),
        models: ModelChoice = .shipped
    ) throws {
        try configuration.validate()
        self.configuration = configuration
        self.metrics = metrics
        desk = try ServiceDesk(
            engine: engine, store: store, configuration: configuration.service, metrics: metrics,
            formatter: formatter, catalogue: catalogue, models: models,
            baseURL: "http://\(configuration.host):\(configuration.port)")
    }

    /// Every route of this tenant, behind the API middleware (errors, limits, logs, metrics) and
    /// the access check (`AccessMiddleware`); `ServiceHost` authenticates before it.
    public func router() -> Router<GroundedRequestContext> {
        let router = Router(context: GroundedRequestContext.self)
        router.add(middleware: APIMiddleware(maxBodyBytes: configuration.maxBodyBytes, metrics: metrics))
        router.add(middleware: AccessMiddleware())
        addHealthRoutes(to: router)
        addAnswerRoutes(to: router)
        addDocumentRoutes(to: router)
        addCustomerRoutes(to: router)
        addAssistRoutes(to: router)
        addQARoutes(to: router)
        addRouteRoutes(to: router)
        addFeedbackRoutes(to: router)
        addPolicyRoutes(to: router)
        addExperimentRoutes(to: router)
        addGovernanceRoutes(to: router)
        addBuildRoutes(to: router)
        return router
    }

    /// Serves the index's current build from the next request on (see `ServiceDesk.reloadIfNewBuild`).
    /// - Returns: the new build's id, or nil when the served build is current.
    /// - Throws: what opening the new build throws; the old build then goes on serving.
    @discardableResult
    public func reloadIfNewBuild(modelDirectory: URL? = nil) throws -> String? {
        try desk.reloadIfNewBuild(modelDirectory: modelDirectory)
    }

    /// Records the port the listener bound (known only once it listens; port 0 picks one).
    func didBind(port: Int) { desk.setBaseURL("http://\(configuration.host):\(port)") }

    /// Where answers can be read back: the configured public URL, or this server's own address.
    var publicURL: String { desk.publicURL }

    /// Decodes a JSON body (already collected, within the size limit, by `APIMiddleware`), after
    /// checking it against the type's declared fields and for control characters.
    /// - Throws: `JSONShapeError` for an unknown field or a control character, `DecodingError`
    ///   for a missing field or a wrong type; `APIMiddleware` turns both into a 400 naming the field.
    func decodeJSON<T: RequestBody>(_ type: T.Type, from request: Request) async throws -> T {
        var request = request
        let data = Data(buffer: try await request.collectBody(upTo: configuration.maxBodyBytes))
        let parsed = try? JSONSerialization.jsonObject(with: data)
        if let parsed { try T.shape.check(parsed) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: data)
        } catch DecodingError.dataCorrupted(let context) where parsed != nil && context.codingPath.isEmpty {
            // Valid JSON the decoder could not place: say what it said, not "invalid JSON".
            throw APIError.badRequest("the body could not be read as this request: \(context.debugDescription)")
        }
    }

    /// Runs blocking engine work on a dispatch thread, off the server's event loops and the
    /// cooperative pool, and answers 503 when it takes longer than the request timeout (the
    /// work itself then finishes unobserved).
    func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let timeout = configuration.requestTimeout
        let seconds = timeout.seconds
        return try await withCheckedThrowingContinuation { continuation in
            let once = ResumeOnce(continuation)
            DispatchQueue.global().async { once.resume(with: Result { try work() }) }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                once.resume(
                    with: .failure(
                        APIError(
                            .serviceUnavailable, code: "timeout",
                            "the answer took longer than \(timeout): try again shortly")))
            }
        }
    }
}

/// Resumes a continuation with the first result it is given and ignores the rest.
final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = Mutex(continuation) }

    func resume(with result: Result<T, any Error>) {
        continuation.withLock { c in
            c?.resume(with: result)
            c = nil
        }
    }
}
