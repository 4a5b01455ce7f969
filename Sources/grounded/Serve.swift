import ArgumentParser
import CommandLineOptions
import Customers
import Engine
import Foundation
import Governance
import Logging
import Records
import Routing
import Server
import ServiceDesk

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the index over HTTP: grounded answers at POST /v1/answer, health, readiness, metrics, OpenAPI."
    )

    @OptionGroup var index: IndexOptions

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0: any free port).")
    var port = 8080

    @Option(
        name: .long,
        help:
            """
            The service's own store (answers sent, customers, policies, audit) and the API keys (default: \
            <index>/service).
            """
    )
    var data: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A PostgreSQL store shared by replicas, postgres://user@host:port/db (default: $GROUNDED_STORE, else "
                + "SQLite under --data).",
            valueName: "url"))
    var store: String?

    @Option(
        name: .long, help: ArgumentHelp("The name of the tenant (company) the --index belongs to.", valueName: "name"))
    var tenantName = ServiceHost.singleTenant

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Another tenant served beside it, with its own index; its store is <data>/tenants/<name>. Repeatable.",
            valueName: "name=index"))
    var tenant: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Hours between retention purges (the first runs at start); 0 runs none.", valueName: "hours")
    )
    var retentionHours = 1.0

    @Option(
        name: .long,
        help: "The address customers reach the server at, for links in SMS answers (default: http://<host>:<port>).")
    var publicURL: String?

    @Option(name: .long, help: "The largest request body accepted, in bytes.")
    var maxBodyBytes = ServerConfiguration().maxBodyBytes

    @Option(name: .long, help: "Seconds a request may take before it is answered with 503.")
    var timeout = 10.0

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds of quiet after which an assist stream sends a keep-alive (and so notices a client that has gone).",
            valueName: "seconds"))
    var streamKeepAlive = 5.0

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds a graceful shutdown (SIGTERM, SIGINT) gives requests in flight; assist streams close at once.",
            valueName: "seconds"))
    var shutdownDeadline = 10.0

    @Option(
        name: .long,
        help: ArgumentHelp(
            "When a conversation goes to a person although the engine could answer (JSON: version, sentimentAtOrBelow, "
                + "phrases).",
            valueName: "file"))
    var handoffPolicy: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Who answers, for POST /v1/route (JSON: version, thresholds, escalateOn, personIntents, queues); an empty "
                + "string uses the built-in defaults.",
            valueName: "file"))
    var routePolicy = "Config/routing-policy.json"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Intent examples the router's classifier learns from (JSON intent → examples, or CSV text,intent); an "
                + "empty string routes without intents.",
            valueName: "file"))
    var intents = "Config/intents.json"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where phone numbers typed without a country code are from (ISO code: US, CA, GB, …), for every "
                + "tenant (GB) or one (acme=GB). Repeatable. Default US.",
            valueName: "region"))
    var phoneRegion: [String] = []

    /// The phone region of `tenant`: its own `name=REGION`, else the one for all, else US.
    func phoneRegion(of tenant: String) throws -> String {
        var region = "US"
        for spec in phoneRegion {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            let code = parts.last ?? ""
            guard PhoneRegion(code) != nil else {
                throw ValidationError(
                    "--phone-region `\(spec)`: use one of \(PhoneRegion.known.keys.sorted().joined(separator: ", ")), "
                        + "or name=REGION for one tenant")
            }
            if parts.count == 1 || parts[0] == tenant { region = code.uppercased() }
        }
        return region
    }

    /// The configuration with `tenant`'s phone region.
    func configuration(_ base: ServerConfiguration, for tenant: String) throws -> ServerConfiguration {
        var c = base
        c.service.phoneRegion = try phoneRegion(of: tenant)
        return c
    }

    func run() async throws {
        // Every log line passes through the PII redactor before it is written.
        LoggingSystem.bootstrap { label in RedactingLogHandler(wrapping: StreamLogHandler.standardError(label: label)) }
        var policy = HandoffPolicy()
        if let handoffPolicy {
            do {
                policy = try JSONDecoder().decode(
                    HandoffPolicy.self, from: Data(contentsOf: URL(fileURLWithPath: handoffPolicy)))
            } catch {
                throw ValidationError(
                    "--handoff-policy: `\(handoffPolicy)` is not a handoff policy: \(error). Expected JSON such as "
                        + #"{"version": "2026-11", "sentimentAtOrBelow": -0.6, "phrases": ["lawyer", "chargeback"]}"#)
            }
        }
        var routing = RoutePolicy()
        if !routePolicy.isEmpty {
            do { routing = try RoutePolicy.load(contentsOf: URL(fileURLWithPath: routePolicy)) } catch {
                throw ValidationError("--route-policy: \(error)")
            }
        }
        if !intents.isEmpty {
            do { _ = try IntentExamples.load(contentsOf: URL(fileURLWithPath: intents)) } catch {
                throw ValidationError("--intents: \(error)")
            }
        }
        let configuration = ServerConfiguration(
            host: host, port: port, maxBodyBytes: maxBodyBytes,
            requestTimeout: try duration(seconds: timeout, option: "--timeout"), publicURL: publicURL,
            handoffPolicy: policy, routePolicy: routing, intentExamples: intents.isEmpty ? nil : intents,
            streamKeepAlive: try duration(seconds: streamKeepAlive, option: "--stream-keep-alive"),
            shutdownDeadline: try duration(seconds: shutdownDeadline, option: "--shutdown-deadline"))
        do { try configuration.validate() } catch { throw ValidationError("\(error)") }
        let retention = try duration(seconds: retentionHours * 3_600, option: "--retention-hours")
        let interval: Duration? = retention > .zero ? retention : nil
        let serviceHost: ServiceHost
        let dataURL = data.map { URL(fileURLWithPath: $0) } ?? index.url.appendingPathComponent("service")
        do {
            let location = StoreLocation.resolve(store: store, data: dataURL)
            let models = try index.modelChoice()
            var tenants = [
                tenantName: try GroundedService(
                    engine: try index.engine(),
                    store: try location.service(tenant: tenantName, defaultTenant: tenantName),
                    configuration: try self.configuration(configuration, for: tenantName), models: models)
            ]
            for spec in tenant {
                let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, tenants[parts[0]] == nil else {
                    throw ValidationError(
                        "--tenant `\(spec)`: expected a new name=index, e.g. --tenant acme=Indexes/acme")
                }
                let engine = try GroundedEngine(
                    index: URL(fileURLWithPath: parts[1]), modelDirectory: index.model.map { URL(fileURLWithPath: $0) },
                    models: models)
                tenants[parts[0]] = try GroundedService(
                    engine: engine, store: try location.service(tenant: parts[0], defaultTenant: tenantName),
                    configuration: try self.configuration(configuration, for: parts[0]), models: models)
            }
            serviceHost = try ServiceHost(tenants: tenants, defaultTenant: tenantName, access: try location.access())
            if let keyFile = try TenantLayout.issueFirstAdminKey(serviceHost.access, tenant: tenantName, data: dataURL)
            {
                FileHandle.standardOutput.write(
                    Data(
                        """
                        First start: no API keys existed, so an admin key for tenant \(tenantName) was written to \
                        \(keyFile.path) (readable by you only).
                        Send it as Authorization: Bearer <key>; make keys per role with grounded keys create.

                        """.utf8))
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let service = serviceHost.tenants[tenantName]!
        let knowledge = service.engine.knowledge
        let summary =
            "\(knowledge.documents.count) documents, \(knowledge.chunks.count) chunks, \(knowledge.embedder.identifier)"
        let indexPath = index.url.path
        let listenHost = host
        let application = serviceHost.application(
            retentionInterval: interval,
            modelDirectory: index.model.map { URL(fileURLWithPath: $0) },
            onRunning: { port in
                let others = serviceHost.tenants.count > 1 ? " and \(serviceHost.tenants.count - 1) more tenant(s)" : ""
                let line =
                    "Serving \(indexPath) (\(summary))\(others) on http://\(listenHost):\(port) — POST /v1/answer; "
                    + "Ctrl-C stops\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            })
        try await serviceHost.run(application)
    }
}
