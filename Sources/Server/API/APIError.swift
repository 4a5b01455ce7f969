import Foundation
import Hummingbird

/// An error the API returns as JSON: `{"error": {"status": 400, "code": "...", "message": "..."}}`.
/// The message says what was wrong with the request and what to do instead.
public struct APIError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// A stable machine-readable name: `bad_request`, `not_found`, `too_large`, `timeout`, ...
    public var code: String
    public var message: String

    public init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// The JSON body every error response carries.
    public struct Body: Codable, Sendable {
        public struct Detail: Codable, Sendable {
            public var status: Int
            public var code: String
            public var message: String
        }
        public var error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(status: status.code, code: code, message: message))
        let data = try JSONEncoder().encode(body)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if status == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="grounded""# }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, code: "bad_request", message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "not_found", message) }
    static func unauthorized(
        _ message: String = "this route needs an API key: send Authorization: Bearer <key>"
    ) -> APIError {
        APIError(.unauthorized, code: "unauthorized", message)
    }
}
