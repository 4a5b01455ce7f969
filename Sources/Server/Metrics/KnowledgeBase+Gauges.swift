import Foundation
import Knowledge

extension KnowledgeBase {
    /// The open build as Prometheus gauges: which build (an info gauge labelled with its id and
    /// embedder), its age, and the last ingest's counts, duration and time. Read from the index's
    /// store at each scrape; a store that cannot be read gives the info gauge alone.
    func buildGauges(now: Date = Date()) -> [ServerMetrics.LabelledGauge] {
        var out = [
            ServerMetrics.LabelledGauge(
                name: "grounded_index_build_info", help: "The build the server answers from (always 1).",
                labels: [("build", build.buildID), ("embedder", build.embedderID)], value: 1)
        ]
        guard let times = try? KnowledgeStore(directory: layout.root, mustExist: true).ingestTimes(of: build.buildID)
        else { return out }
        func gauge(_ name: String, _ help: String, _ value: Double) {
            out.append(ServerMetrics.LabelledGauge(name: name, help: help, labels: [], value: value))
        }
        if let built = times.built {
            gauge(
                "grounded_index_build_age_seconds", "Seconds since the open build was made.",
                now.timeIntervalSince(built))
        }
        if let (r, at) = times.last {
            gauge(
                "grounded_last_ingest_timestamp_seconds", "When the last ingest finished (Unix time).",
                at.timeIntervalSince1970)
            gauge("grounded_last_ingest_duration_seconds", "How long the last ingest took.", r.seconds)
            gauge("grounded_last_ingest_added_documents", "Documents the last ingest added.", Double(r.added.count))
            gauge(
                "grounded_last_ingest_changed_documents", "Documents the last ingest changed.", Double(r.changed.count))
            gauge(
                "grounded_last_ingest_removed_documents", "Documents the last ingest removed.", Double(r.removed.count))
            gauge(
                "grounded_last_ingest_skipped_documents", "Documents the last ingest skipped unchanged.",
                Double(r.skipped.count))
            gauge("grounded_last_ingest_problems", "Files the last ingest could not read.", Double(r.problems.count))
            gauge("grounded_last_ingest_chunks", "Chunks after the last ingest.", Double(r.chunks))
        }
        return out
    }
}
