import Customers
import Foundation
import Governance
import GroundedCore
import Hummingbird
import Knowledge
import Logging
import NIOCore
import Records
import ServiceDesk

/// The outermost middleware: refuses bodies over the limit before reading them whole, turns
/// every failure into a JSON `APIError`, logs one structured line per request and records its
/// metrics.
///
/// Thread safety: immutable; one instance serves every request.
struct APIMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBodyBytes: Int
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var request = request
        let response: Response
        do {
            if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
                throw Self.tooLarge(maxBodyBytes)
            }
            if request.method == .post || request.method == .put || request.method == .patch {
                _ = try await request.collectBody(upTo: maxBodyBytes)
            }
            response = try await next(request, context)
        } catch {
            let apiError = Self.apiError(error)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(error)"])
            }
            response = try apiError.response(from: request, context: context)
        }
        let seconds = (ContinuousClock.now - start).seconds
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(
            method: request.method.rawValue, route: route, status: response.status.code, seconds: seconds)
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "route": "\(route)",
                "status": "\(response.status.code)", "ms": "\(String(format: "%.2f", seconds * 1000))",
            ])
        return response
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(
            .contentTooLarge, code: "too_large",
            "the request body is over \(limit) bytes: send one message with a shorter history")
    }

    /// The JSON error a failure becomes.
    static func apiError(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError:
            return e
        case let e as CustomerError:
            return APIError(.conflict, code: "conflict", e.message)
        case let e as PolicyError:
            switch e.kind {
            case .unknownKind, .unknownChange: return APIError.notFound(e.message)
            case .invalidDocument: return APIError.badRequest(e.message)
            case .selfApproval, .notApprover: return APIError(.forbidden, code: "forbidden", e.message)
            case .sameVersion, .notProposed, .nothingToRollBack: return APIError(.conflict, code: "conflict", e.message)
            }
        case let e as StagingError:
            return e.kind == .nothingStaged
                ? APIError.notFound(e.message) : APIError(.conflict, code: "conflict", e.message)
        case let e as KnowledgeError:
            return APIError(
                .serviceUnavailable, code: "index_damaged", "the knowledge base cannot answer this: \(e.message)")
        case is NIOTooManyBytesError:
            return APIError(
                .contentTooLarge, code: "too_large",
                "the request body is too large: send one message with a shorter history")
        case let e as JSONShapeError:
            return APIError.badRequest(e.message)
        case let e as InvalidServiceRequest:
            return APIError.badRequest(e.message)
        case let e as UnknownServiceID:
            return APIError.notFound(e.message)
        case let e as DecodingError:
            return APIError.badRequest(e.fieldDescription)
        case let e as HTTPError where e.status == .notFound:
            return APIError.notFound("no such route: see /openapi.json for the API")
        case let e as HTTPError:
            return APIError(
                e.status, code: e.status.code < 500 ? "bad_request" : "internal",
                e.body ?? e.status.reasonPhrase)
        default:
            return APIError(
                .internalServerError, code: "internal", "the server failed to answer; it is logged, try again")
        }
    }
}
