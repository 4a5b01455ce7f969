import Embeddings
import Foundation
import GroundedCore
import LexicalIndex
import VectorIndex

/// Options for one ingestion.
public struct IngestOptions: Sendable {
    public var chunker: ChunkerConfiguration
    public var embedder: EmbedderChoice
    public var vectors: HNSWConfiguration
    public var lexical: BM25Parameters
    /// Refit the embedder even when the corpus has not drifted.
    public var refit: Bool
    /// Refit when added, changed and removed chunks exceed this share of the corpus: folding many
    /// new texts into a model fitted without them loses their vocabulary.
    public var refitDriftThreshold: Double
    /// Allow settings other than those the index was built with (`IngestSettings`): without it,
    /// an ingest that would change any of them is refused, naming each change.
    public var rebuild = false
    /// How a changed text under an unchanged version is treated; nil keeps the index's own
    /// (`declared` for a new index). A value given is kept by the index for later ingests.
    public var versioning: DocumentVersioning?
    /// Called on the ingesting thread as reading, embedding and indexing advance (after each file
    /// and each batch of texts embedded); nil for none.
    public var progress: (@Sendable (IngestProgress) -> Void)?
    /// Texts embedded per call while reporting progress: 512 doc2dial sentences take MiniLM about
    /// three seconds on two cores (Intel Xeon), often enough for a progress line.
    public var embeddingBatch = 512

    public init(
        chunker: ChunkerConfiguration = .init(), embedder: EmbedderChoice = .builtIn(.init()),
        vectors: HNSWConfiguration = .init(), lexical: BM25Parameters = .init(), refit: Bool = false,
        refitDriftThreshold: Double = 0.2
    ) {
        self.chunker = chunker
        self.embedder = embedder
        self.vectors = vectors
        self.lexical = lexical
        self.refit = refit
        self.refitDriftThreshold = refitDriftThreshold
    }
}

/// Ingests a corpus into an index folder incrementally: unchanged documents are skipped, changed
/// ones re-chunked and re-embedded, removed ones dropped; the vector and lexical indexes are
/// rebuilt aside from the stored vectors and swapped in by one SQLite transaction.
public struct Ingestor: Sendable {
    public let layout: IndexLayout
    public let options: IngestOptions

    public init(index: URL, options: IngestOptions = .init()) {
        self.layout = IndexLayout(index)
        self.options = options
    }

    /// Runs one ingestion of `corpus` (a folder, or a single file such as a `.jsonl`).
    /// - Returns: what was added, changed, removed and skipped, and every problem found.
    /// - Throws: `KnowledgeError` when nothing could be ingested or another ingest runs; storage
    ///   errors. On any throw the previous build stays current and whole.
    public func ingest(_ corpus: URL) throws -> IngestReport {
        let started = Date()
        let meter = ProgressMeter(report: options.progress)
        try options.chunker.validate()
        if case .builtIn(let configuration) = options.embedder { try configuration.validate() }
        try options.vectors.validate()
        // Read the corpus before touching the index folder: a bad corpus changes nothing.
        let scan = try scanned(corpus, meter: meter)
        let scanner = InstructionScanner()
        let warnings = scan.documents.flatMap { scanner.warnings(in: $0) }
        try PrivateDirectory.create(at: layout.builds)
        let lock = try IngestLock(layout.lock)
        defer { withExtendedLifetime(lock) {} }
        let store = try KnowledgeStore(directory: layout.root)
        let previous = try store.currentBuild()

        let versioning = try options.versioning ?? store.versioning()
        let plan = try Classification(scan, store: store, versioning: versioning)
        if !plan.rewritten.isEmpty { throw Classification.rewrittenError(plan.rewritten) }
        let (stored, added, changed, skipped, removed) = (
            plan.stored, plan.added, plan.changed, plan.skipped, plan.removed
        )
        let replacedKeys = Set(changed.map(\.metadata.key))
        let dropKeys = removed.map(\.key) + stored.filter { replacedKeys.contains($0.metadata.key) }.map(\.key)
        let dropSet = Set(dropKeys)

        let runID = try store.nextRunID()
        // A neural embedder is loaded up front: its identity decides what must be re-embedded.
        var neural: MiniLMEmbedder?
        if case .miniLM(let directory) = options.embedder {
            neural = try MiniLMEmbedder(directory: directory)
        }
        let settings = IngestSettings(
            embedder: options.embedder.kind, dimension: options.embedder.dimension,
            weightsSHA256: neural?.weightsSHA256, vectors: options.vectors)
        let settingsChanged = previous?.changes(to: settings) ?? []
        if !options.rebuild {
            let changes = settingsChanged
            if !changes.isEmpty {
                throw KnowledgeError(
                    "the index at \(layout.root.path) was built with other settings; this ingest would change:"
                        + changes.map { "\n  \($0)" }.joined()
                        + "\nleave those options out to keep the index's, or pass --rebuild to rebuild it with them; "
                        + "the index is unchanged")
            }
        }
        let sameEmbedder =
            previous.map { $0.kind == options.embedder.kind && (neural == nil || $0.embedderID == neural!.identifier) }
            ?? false

        let storedRows = try store.chunkIndexRows()

        // Nothing changed and the current build is whole: record the run, keep the build.
        if let previous, added.isEmpty, changed.isEmpty, removed.isEmpty, !options.refit, sameEmbedder,
            storedRows.allSatisfy({ Self.hasSentenceEmbeddings($0, dimension: $0.embedding?.count ?? 0) }),
            buildIsWhole(previous, embedder: neural, chunks: storedRows.count)
        {
            let report = IngestReport(
                runID: runID, buildID: previous.buildID, added: [], changed: [], removed: [], skipped: skipped,
                problems: scan.problems, warnings: warnings, documents: stored.count, chunks: storedRows.count,
                refitEmbedder: false,
                embedderID: previous.embedderID, seconds: Date().timeIntervalSince(started))
            try store.record(report, corpus: corpus.path, versioning: options.versioning)
            removeStaleBuilds(keeping: previous.buildID)
            meter.phase(.done)
            return report
        }

        // Assign ids to what is new.
        var nextKey = try store.maxDocumentKey() + 1
        var nextChunk = try store.maxChunkID() + 1
        var newDocs: [(key: Int64, document: SourceDocument, runID: Int64)] = []
        var newChunks: [(id: Int64, documentKey: Int64, chunk: Chunk, indexText: String)] = []
        for d in added + changed {
            newDocs.append((nextKey, d, runID))
            for c in d.chunks {
                newChunks.append((nextChunk, nextKey, c, c.indexText(title: d.metadata.title)))
                nextChunk += 1
            }
            nextKey += 1
        }
        let kept = storedRows.filter { !dropSet.contains($0.documentKey) }

        // Embedder: MiniLM as loaded; the built-in one reused unless asked, missing, or the corpus drifted.
        let total = kept.count + newChunks.count
        let churn = newChunks.count + (storedRows.count - kept.count)
        let model: any Embedder
        var lsa: LatentSemanticEmbedder?
        let refit: Bool
        switch options.embedder {
        case .miniLM:
            model = neural!
            refit = !sameEmbedder || !kept.allSatisfy { $0.embedding?.count == model.dimension }
        case .builtIn(let configuration):
            if let previous, sameEmbedder, !options.refit,
                Double(churn) <= options.refitDriftThreshold * Double(max(total, 1)),
                kept.allSatisfy({ $0.embedding != nil })
            {
                lsa = try? LatentSemanticEmbedder.load(from: layout.embedder(previous.buildID))
                if let e = lsa, e.identifier != previous.embedderID || e.configuration != configuration { lsa = nil }
            }
            refit = lsa == nil
            if lsa == nil {
                lsa = try LatentSemanticEmbedder.fit(
                    kept.map(\.indexText) + newChunks.map(\.indexText), configuration: configuration)
            }
            model = lsa!
        }
        let staleSentences = kept.filter { refit || !Self.hasSentenceEmbeddings($0, dimension: model.dimension) }
        let sentenceCount = (newChunks.map(\.chunk.sentenceTexts.count) + staleSentences.map(\.sentenceTexts.count))
            .reduce(0, +)
        meter.embedding(total: newChunks.count + (refit ? kept.count : 0) + sentenceCount)
        let embed = { (texts: [String]) in try self.embedInBatches(texts, with: model, meter: meter) }
        let newVectors = try embed(newChunks.map(\.indexText))
        let keptVectors = refit ? try embed(kept.map(\.indexText)) : kept.map { $0.embedding! }
        let newSentenceVectors = try Self.regroup(
            embed(newChunks.flatMap(\.chunk.sentenceTexts)),
            sizes: newChunks.map(\.chunk.sentenceTexts.count))
        let keptSentenceVectors = try Self.regroup(
            embed(staleSentences.flatMap(\.sentenceTexts)),
            sizes: staleSentences.map(\.sentenceTexts.count))
        meter.phase(.indexing)

        // Build the next indexes aside.
        let buildID = Self.makeBuildID(runID: runID)
        try PrivateDirectory.create(at: layout.build(buildID))
        do {
            let vectors = try HNSWIndex(
                dimension: model.dimension, configuration: options.vectors, capacity: max(total, 16))
            // One thread: the same corpus gives the same graph (embedding, not linking, is the cost).
            try vectors.add(
                contentsOf: keptVectors + newVectors, labels: kept.map(\.id) + newChunks.map(\.id), threads: 1)
            let analyzer = TextAnalyzer()
            let lexical = BM25Index(
                documents: kept.map { ($0.id, analyzer.terms($0.indexText)) }
                    + newChunks.map { ($0.id, analyzer.terms($0.indexText)) },
                parameters: options.lexical)
            try vectors.save(to: layout.vectors(buildID), buildID: buildID)
            try lexical.save(to: layout.lexical(buildID), buildID: buildID)
            try lsa?.save(to: layout.embedder(buildID))
            AtomicFile.syncDirectory(layout.builds.path)
        } catch {
            try? FileManager.default.removeItem(at: layout.build(buildID))
            throw error
        }

        // Swap: one transaction makes the new build current.
        let report = IngestReport(
            runID: runID, buildID: buildID, added: added.map(\.metadata.key), changed: changed.map(\.metadata.key),
            removed: removed.map(\.metadata.key), skipped: skipped, problems: scan.problems, warnings: warnings,
            documents: stored.count - dropKeys.count + newDocs.count, chunks: total, refitEmbedder: refit,
            embedderID: model.identifier, seconds: Date().timeIntervalSince(started),
            settingsChanged: settingsChanged.isEmpty ? nil : settingsChanged,
            autoVersioned: plan.autoVersioned.isEmpty ? nil : plan.autoVersioned)
        let build = BuildInfo(
            buildID: buildID, embedderID: model.identifier, runID: runID,
            embedderFittedChunks: refit ? total : (previous?.embedderFittedChunks ?? total),
            embedderKind: options.embedder.kind, weightsSHA256: neural?.weightsSHA256,
            modelDirectory: neural?.directory.standardizedFileURL.path, settings: settings)
        try store.apply(
            .init(
                removeDocumentKeys: dropKeys, addDocuments: newDocs,
                addChunks: zip(zip(newChunks, newVectors), newSentenceVectors).map {
                    ($0.0.id, $0.0.documentKey, $0.0.chunk, $0.1, $1)
                },
                updateEmbeddings: refit ? zip(kept, keptVectors).map { ($0.id, $1) } : [],
                updateSentenceEmbeddings: zip(staleSentences, keptSentenceVectors).map { ($0.id, $1) },
                build: build, report: report, corpus: corpus.path, versioning: options.versioning))
        removeStaleBuilds(keeping: buildID)
        meter.phase(.done)
        return report
    }

    /// Whether a stored chunk has one embedding of `dimension` per sentence.
    static func hasSentenceEmbeddings(_ row: ChunkIndexRow, dimension: Int) -> Bool {
        (row.sentenceEmbeddings?.count ?? 0) == row.sentenceTexts.count * dimension
    }

    /// Embeds `texts` in batches of `options.embeddingBatch` (all at once without progress),
    /// telling the meter after each. Batches take the texts longest first, so each holds texts
    /// of like length as one call would (a neural encoder packs them with little padding); the
    /// time left is then estimated from the slowest texts, never too low.
    func embedInBatches(_ texts: [String], with model: any Embedder, meter: ProgressMeter) throws -> [[Float]] {
        guard options.progress != nil, texts.count > options.embeddingBatch else {
            let vectors = try model.embed(texts)
            meter.embedded(texts.count)
            return vectors
        }
        let order = texts.indices.sorted { texts[$0].utf8.count > texts[$1].utf8.count }
        var out = [[Float]](repeating: [], count: texts.count)
        let size = max(1, options.embeddingBatch)
        for start in stride(from: 0, to: order.count, by: size) {
            let batch = Array(order[start..<min(start + size, order.count)])
            for (i, vector) in zip(batch, try model.embed(batch.map { texts[$0] })) { out[i] = vector }
            meter.embedded(batch.count)
        }
        return out
    }

    /// Vectors in order, regrouped so each owner (chunk) gets its `sizes[i]` vectors concatenated.
    static func regroup(_ vectors: [[Float]], sizes: [Int]) -> [[Float]] {
        var out: [[Float]] = []
        out.reserveCapacity(sizes.count)
        var next = 0
        for n in sizes {
            out.append(vectors[next..<next + n].flatMap { $0 })
            next += n
        }
        return out
    }

    /// Whether the build's files load and agree with the store. The embedder already loaded (MiniLM)
    /// is used as it is; the built-in one is read from the build.
    func buildIsWhole(_ build: BuildInfo, embedder: (any Embedder)?, chunks: Int) -> Bool {
        do {
            let e = try embedder ?? KnowledgeBase.loadEmbedder(build, layout: layout, modelDirectory: nil)
            _ = try KnowledgeBase.loadIndexes(build, layout: layout, dimension: e.dimension, chunks: chunks)
            return true
        } catch {
            return false
        }
    }

    /// Deletes build folders other than the current one (left by earlier runs or by a crash).
    func removeStaleBuilds(keeping current: String) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: layout.builds.path)) ?? [] where name != current {
            try? fm.removeItem(at: layout.build(name))
        }
    }

    static func makeBuildID(runID: Int64) -> String {
        let stamp = Int64(Date().timeIntervalSince1970)
        return "run\(runID)-\(stamp)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }
}
