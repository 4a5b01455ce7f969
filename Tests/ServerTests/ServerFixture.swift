import Customers
import Engine
import Foundation
import Governance
import GroundedTesting
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import Records
import Server
import Testing

/// A service over the sample corpus with its own empty store and key store, behind the real
/// host (authentication, roles, tenants), and helpers to call it in-process.
struct ServerFixture {
    /// A private copy of the `Corpus/` index (its store and build), for a test that changes it.
    static func privateIndex(_ name: String) throws -> URL {
        let index = try TestPaths.temporaryDirectory(name)
        try Ingestor(index: CorpusFixture.index).snapshot(into: IndexLayout(index))
        return index
    }

    let service: GroundedService
    let host: ServiceHost
    /// An admin key of the fixture's tenant, which `test` sends with every request.
    let adminKey: String

    /// - Parameters:
    ///   - directory: where the service store and keys live (default: a new folder).
    ///   - engine: the engine served (default: the shared one over `Corpus/`, which must not be
    ///     changed; a test that ingests, stages or promotes gives one over its own index).
    init(
        configuration: ServerConfiguration = .init(publicURL: "https://help.example.com"), directory: URL? = nil,
        engine: GroundedEngine = CorpusFixture.engine
    ) throws {
        let directory = try directory ?? TestPaths.temporaryDirectory("service")
        let store = try ServiceStore(directory: directory)
        service = try GroundedService(engine: engine, store: store, configuration: configuration)
        host = try ServiceHost(service: service, access: try AccessStore(directory: directory))
        adminKey = try host.access.issue(person: "fixture-admin", role: .admin, tenant: ServiceHost.singleTenant).key
            .text
    }

    /// A new key of `role` for `person` in the fixture's tenant.
    func key(_ role: Role, person: String? = nil) throws -> String {
        try host.access.issue(
            person: person ?? "\(role.rawValue)@example.com", role: role, tenant: ServiceHost.singleTenant
        ).key.text
    }

    /// Runs `body` against the host in-process, every request carrying the admin key.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await test(key: adminKey, body)
    }

    /// Runs `body` against the host in-process, every request carrying `key` (nil: none).
    func test(key: String?, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(responder: host.responder())
        try await app.test(.router) { client in try await body(KeyedClient(base: client, key: key)) }
    }
}

extension ServerFixture {
    /// Runs `body` against the host listening on a real loopback port (given to `body` with the
    /// client), every client request carrying the admin key: for tests that need a real socket.
    func live(_ body: @escaping @Sendable (any TestClientProtocol, Int) async throws -> Void) async throws {
        let app = Application(
            responder: host.responder(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(KeyedClient(base: client, key: adminKey), try #require(client.port))
        }
    }
}

/// Adds `Authorization: Bearer <key>` to every request it passes on (unless the request sets one).
struct KeyedClient: TestClientProtocol {
    let base: any TestClientProtocol
    let key: String?

    func executeRequest(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?
    ) async throws -> TestResponse {
        var headers = headers
        if let key, headers[.authorization] == nil { headers[.authorization] = "Bearer \(key)" }
        return try await base.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }

    var port: Int? { base.port }
}

extension TestResponse {
    /// The body decoded as `T`, dates in ISO 8601 as the server writes them.
    func decode<T: Decodable>(_: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: body))
    }

    var text: String { String(buffer: body) }
}

extension TestClientProtocol {
    /// POSTs a JSON body.
    func post(_ uri: String, json: String) async throws -> TestResponse {
        try await execute(
            uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: json))
    }

    func get(_ uri: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get)
    }

    /// POSTs a JSON body with `key` instead of the client's own.
    func post(_ uri: String, json: String, key: String) async throws -> TestResponse {
        try await execute(
            uri: uri, method: .post, headers: [.contentType: "application/json", .authorization: "Bearer \(key)"],
            body: ByteBuffer(string: json))
    }

    /// GETs with `key` instead of the client's own.
    func get(_ uri: String, key: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(key)"])
    }
}
