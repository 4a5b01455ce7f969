import Foundation
import HTTPTypes
import Hummingbird
import ServiceDesk

extension GroundedService {
    /// The customer's page for answer `id` (`AnswerPage`), or a short HTML 404 page: a customer
    /// follows these links from a phone, where a JSON error helps nobody.
    func answerPage(id: String) async throws -> Response {
        let page = try await offload { [desk] in try desk.answerPage(id: id) }
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        for (name, value) in AnswerPage.securityHeaders {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        guard let page else {
            let missing = """
                <!doctype html><html lang="en"><head><meta charset="utf-8">\
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>Answer not found</title>\
                </head><body><main><h1>Answer not found</h1><p>This link has expired or is mistyped. \
                Ask your question again in the app or by replying to our message.</p></main></body></html>
                """
            return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(string: missing)))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page.html)))
    }

    /// Whether an `Accept` header ranks HTML above JSON (a browser's does; an API client's
    /// `application/json` or `*/*` does not).
    static func prefersHTML(_ accept: String?) -> Bool {
        guard let accept else { return false }
        func quality(_ type: String) -> Double {
            for part in accept.split(separator: ",") {
                let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                guard fields.first?.lowercased() == type else { continue }
                let q = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) }
                return q ?? 1
            }
            return 0
        }
        let html = max(quality("text/html"), quality("application/xhtml+xml"))
        return html > 0 && html >= quality("application/json")
    }
}
