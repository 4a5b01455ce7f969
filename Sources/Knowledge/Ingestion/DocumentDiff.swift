import GroundedCore

/// How one document's text changes between the stored version and the corpus's, by section
/// (heading path): sections added, removed, or changed with the sentences that go and come.
public struct DocumentDiff: Sendable, Codable, Hashable {
    /// One section's change.
    public struct Section: Sendable, Codable, Hashable {
        public enum Kind: String, Sendable, Codable, Hashable { case added, removed, changed }
        /// The headings above it, outermost first.
        public var headingPath: [String]
        public var kind: Kind
        /// Sentences of the stored text the corpus's no longer has, in order.
        public var removedSentences: [String]
        /// Sentences of the corpus's text the stored one does not have, in order.
        public var addedSentences: [String]
    }

    public var documentID: String
    /// The stored version; nil for a new document.
    public var fromVersion: String?
    /// The corpus's version; nil for a removed document.
    public var toVersion: String?
    public var sections: [Section]
    /// Chunks whose text would be new or gone: what retrieval would see change.
    public var chunksAdded: Int
    public var chunksRemoved: Int
    /// Those chunks, gone ones first, each where it lies (gone ones with their stored id).
    public var chunks: [ChunkChange]

    /// One chunk that would be new or gone.
    public struct ChunkChange: Sendable, Codable, Hashable {
        public enum Kind: String, Sendable, Codable, Hashable { case new, gone }
        public var kind: Kind
        /// The stored chunk's id for a gone one; nil for a new one (ids are given at ingest).
        public var id: Int64?
        /// Its place in its document, from 0.
        public var ordinal: Int
        public var headingPath: [String]
        /// Its span in the document's text, `[start, end)` in Unicode scalars.
        public var start: Int
        public var end: Int
        /// Its first words.
        public var preview: String
    }

    /// A document's sentences grouped by section, in the order of the text; each sentence once
    /// (chunks overlap).
    public struct Outline: Sendable {
        public var sections: [(path: [String], sentences: [String])]
        public var chunkTexts: [String]
        /// Each chunk as a `ChunkChange` would name it (kind left `new`).
        var chunkRefs: [ChunkChange]

        /// - Parameters:
        ///   - chunks: each chunk's span, sentences, heading path and packed sections, in order.
        ///   - ids: the stored chunks' ids, in the same order (none for a corpus's document).
        public init(
            text: SourceText, chunks: [(span: TextSpan, sentences: [TextSpan], path: [String], packed: [ChunkSection])],
            ids: [Int64] = []
        ) {
            var order: [[String]] = []
            var bySection: [[String]: [String]] = [:]
            var seen = Set<TextSpan>()
            for c in chunks {
                for (i, s) in c.sentences.enumerated() where seen.insert(s).inserted {
                    let path = c.packed.headingPath(ofSentence: i, fallback: c.path)
                    if bySection[path] == nil { order.append(path) }
                    bySection[path, default: []].append(text.slice(s))
                }
            }
            sections = order.map { ($0, bySection[$0] ?? []) }
            chunkTexts = chunks.map { text.slice($0.span) }
            chunkRefs = chunks.enumerated().map { i, c in
                let words = text.slice(c.span).split(whereSeparator: \.isWhitespace).prefix(12)
                return ChunkChange(
                    kind: .new, id: i < ids.count ? ids[i] : nil, ordinal: i, headingPath: c.path,
                    start: c.span.start, end: c.span.end, preview: words.joined(separator: " "))
            }
        }
    }

    /// The diff from `old` (nil: the document is new) to `new` (nil: it is removed).
    public init(
        documentID: String, from old: (version: String, outline: Outline)?, to new: (version: String, outline: Outline)?
    ) {
        self.documentID = documentID
        fromVersion = old?.version
        toVersion = new?.version
        let before = Dictionary(
            old?.outline.sections.map { ($0.path, $0.sentences) } ?? [], uniquingKeysWith: { $0 + $1 })
        let after = Dictionary(
            new?.outline.sections.map { ($0.path, $0.sentences) } ?? [], uniquingKeysWith: { $0 + $1 })
        var paths = (new?.outline.sections.map(\.path) ?? [])
        for p in old?.outline.sections.map(\.path) ?? [] where after[p] == nil { paths.append(p) }
        sections = paths.compactMap { path in
            let a = before[path] ?? []
            let b = after[path] ?? []
            let removed = a.filter { !Set(b).contains($0) }
            let added = b.filter { !Set(a).contains($0) }
            guard !removed.isEmpty || !added.isEmpty else { return nil }
            let kind: Section.Kind = before[path] == nil ? .added : after[path] == nil ? .removed : .changed
            return Section(headingPath: path, kind: kind, removedSentences: removed, addedSentences: added)
        }
        let oldChunks = Set(old?.outline.chunkTexts ?? [])
        let newChunks = Set(new?.outline.chunkTexts ?? [])
        chunksAdded = newChunks.subtracting(oldChunks).count
        chunksRemoved = oldChunks.subtracting(newChunks).count
        var changes: [ChunkChange] = []
        for (ref, text) in zip(old?.outline.chunkRefs ?? [], old?.outline.chunkTexts ?? [])
        where !newChunks.contains(text) {
            var gone = ref
            gone.kind = .gone
            changes.append(gone)
        }
        for (ref, text) in zip(new?.outline.chunkRefs ?? [], new?.outline.chunkTexts ?? [])
        where !oldChunks.contains(text) {
            changes.append(ref)
        }
        chunks = changes
    }
}
