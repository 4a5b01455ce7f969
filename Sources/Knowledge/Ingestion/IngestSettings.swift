import Embeddings
import Foundation
import VectorIndex

/// What an index is built with, recorded with each build (`BuildInfo.settings`): an ingest into
/// the index keeps these unless it is told to rebuild with others (`IngestOptions.rebuild`), so a
/// command that leaves an option out never silently changes what answers rest on.
public struct IngestSettings: Sendable, Codable, Hashable {
    public var embedder: EmbedderKind
    /// The built-in embedder's dimension; nil for MiniLM.
    public var dimension: Int?
    /// SHA-256 of the MiniLM weights; nil for the built-in embedder.
    public var weightsSHA256: String?
    public var vectors: HNSWConfiguration

    public init(embedder: EmbedderKind, dimension: Int?, weightsSHA256: String?, vectors: HNSWConfiguration) {
        self.embedder = embedder
        self.dimension = dimension
        self.weightsSHA256 = weightsSHA256
        self.vectors = vectors
    }

    /// What would change going from these settings to `next`, one line per setting in words
    /// ("embedder: minilm → builtin"); empty when nothing would.
    public func changes(to next: IngestSettings) -> [String] {
        var out: [String] = []
        func note<T: Equatable>(_ name: String, _ a: T, _ b: T, _ show: (T) -> String) {
            if a != b { out.append("\(name): \(show(a)) → \(show(b))") }
        }
        note("embedder", embedder, next.embedder) { $0.rawValue }
        if embedder == next.embedder {
            note("built-in embedder dimension", dimension, next.dimension) { $0.map(String.init) ?? "–" }
            if let a = weightsSHA256, let b = next.weightsSHA256 {
                note("MiniLM weights (SHA-256)", a, b) { String($0.prefix(12)) }
            }
        }
        note("HNSW M", vectors.m, next.vectors.m) { "\($0)" }
        note("HNSW efConstruction", vectors.efConstruction, next.vectors.efConstruction) { "\($0)" }
        note("HNSW efSearch", vectors.efSearch, next.vectors.efSearch) { "\($0)" }
        note("metric", vectors.metric, next.vectors.metric) { $0.rawValue }
        note("vector storage", vectors.quantization, next.vectors.quantization) { "\($0)" }
        return out
    }
}

extension BuildInfo {
    /// What an ingest with `next` would change of this build's settings. A build from before
    /// settings were recorded is compared on its embedder alone.
    public func changes(to next: IngestSettings) -> [String] {
        if let settings { return settings.changes(to: next) }
        var out: [String] = []
        if kind != next.embedder { out.append("embedder: \(kind.rawValue) → \(next.embedder.rawValue)") }
        if kind == next.embedder, let a = weightsSHA256, let b = next.weightsSHA256, a != b {
            out.append("MiniLM weights (SHA-256): \(a.prefix(12)) → \(b.prefix(12))")
        }
        return out
    }
}
