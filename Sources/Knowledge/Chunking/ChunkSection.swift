/// A run of a chunk's sentences under one heading path: from `firstSentence` (an index into
/// `Chunk.sentences`) to the next section's first sentence, or the chunk's end.
public struct ChunkSection: Sendable, Hashable, Codable {
    public var firstSentence: Int
    /// The headings above these sentences, outermost first.
    public var headingPath: [String]

    public init(firstSentence: Int, headingPath: [String]) {
        self.firstSentence = firstSentence
        self.headingPath = headingPath
    }
}

extension [ChunkSection] {
    /// The heading path of sentence `index`: that of the last section starting at or before it;
    /// `fallback` (the chunk's own path) when there are no sections.
    public func headingPath(ofSentence index: Int, fallback: [String]) -> [String] {
        last { $0.firstSentence <= index }?.headingPath ?? fallback
    }
}
