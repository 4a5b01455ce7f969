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

    /// A document's sentences grouped by section, in the order of the text; each sentence once
    /// (chunks overlap).
    public struct Outline: Sendable {
        public var sections: [(path: [String], sentences: [String])]
        public var chunkTexts: [String]

        /// - Parameter chunks: each chunk's span, sentences, heading path and packed sections.
        public init(
            text: SourceText, chunks: [(span: TextSpan, sentences: [TextSpan], path: [String], packed: [ChunkSection])]
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
    }
}
