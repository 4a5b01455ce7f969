import Customers
import Engine
import Foundation
import GroundedTesting
import Hummingbird
import HummingbirdTesting
import Server

/// A service over the sample corpus with its own empty store, and helpers to call it in-process.
struct ServerFixture {
    let service: GroundedService

    init(configuration: ServerConfiguration = .init(publicURL: "https://help.example.com")) throws {
        let store = try ServiceStore(directory: try TestPaths.temporaryDirectory("service"))
        service = try GroundedService(engine: CorpusFixture.engine, store: store, configuration: configuration)
    }

    /// Runs `body` against the router in-process.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: service.router())
        try await app.test(.router, body)
    }
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
        try await execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: json))
    }

    func get(_ uri: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get)
    }
}
