import Customers
import Engine
import Foundation
import Hummingbird
import Records
import ServiceDesk

/// `GET /health` (the process answers), `GET /ready` (the index is open and searchable),
/// `GET /metrics` (Prometheus), `GET /openapi.json` (the API's description), `GET /console` (the
/// agent console).
extension GroundedService {
    struct Health: ResponseEncodable, Sendable {
        var status: String
    }

    struct Readiness: ResponseEncodable, Sendable {
        var status: String
        var build: String
        var embedder: String
        var documents: Int
        var chunks: Int
    }

    func addHealthRoutes(to router: Router<GroundedRequestContext>) {
        router.get("/health") { _, _ in Health(status: "ok") }
        router.get("/ready") { [self] _, _ -> Readiness in
            let knowledge = engine.knowledge
            guard !knowledge.chunks.isEmpty else {
                throw APIError(
                    .serviceUnavailable, code: "not_ready", "the index holds no chunks: ingest a corpus, then restart")
            }
            return Readiness(
                status: "ready", build: knowledge.build.buildID, embedder: knowledge.embedder.identifier,
                documents: knowledge.documents.count, chunks: knowledge.chunks.count)
        }
        router.get("/metrics") { [self] _, _ -> Response in
            let knowledge = engine.knowledge
            let report = try? desk.backOffice.report(experiment: configuration.experiment)
            let text = metrics.exposition(
                gauges: [
                    ("grounded_index_documents", "Documents in the open index.", Double(knowledge.documents.count)),
                    ("grounded_index_chunks", "Chunks in the open index.", Double(knowledge.chunks.count)),
                    (
                        "grounded_answers_archived", "Answers in the service store.",
                        Double((try? store.answers.count()) ?? 0)
                    ),
                    (
                        "grounded_assist_streams_open", "Assist streams (server-sent events) open now.",
                        Double(hub.openStreams)
                    ),
                ], labelled: (report?.gauges() ?? []) + knowledge.buildGauges())
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/console") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.console)))
        }
        router.get("/openapi.json") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
    }
}
