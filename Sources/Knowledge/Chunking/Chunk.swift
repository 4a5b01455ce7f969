import GroundedCore

/// A retrievable piece of a document that never loses where it came from.
public struct Chunk: Sendable, Hashable, Codable {
    public var documentID: String
    public var documentVersion: String
    /// Position within the document, from 0.
    public var ordinal: Int
    /// `[start, end)` in the document's text (Unicode scalars): slicing gives `text` exactly.
    public var span: TextSpan
    /// The headings above the chunk, outermost first.
    public var headingPath: [String]
    /// Candidate answer sentences inside the chunk (headings excluded).
    public var sentences: [TextSpan]
    public var text: String
    /// Where a chunk packs several sections (small ones are merged), the sections its sentences
    /// fall under; empty when every sentence is under `headingPath`.
    public var sections: [ChunkSection] = []
}

/// Parameters of the structure-aware chunker.
public struct ChunkerConfiguration: Sendable, Hashable, Codable {
    /// Chunks are packed up to this many words. 160 words keeps a chunk inside the 256-token
    /// window of small sentence encoders and close to the 100–150-word passages retrieval
    /// benchmarks use.
    public var maxWords: Int
    /// Chunks with fewer words are merged into a neighbour.
    public var minWords: Int
    /// Up to this many words of trailing sentences repeat at the start of the next chunk of the
    /// same section, so that an answer straddling a boundary is whole in one chunk.
    public var overlapWords: Int

    public init(maxWords: Int = 160, minWords: Int = 25, overlapWords: Int = 30) {
        self.maxWords = maxWords
        self.minWords = minWords
        self.overlapWords = overlapWords
    }

    /// - Throws: `DocumentError` naming an invalid parameter.
    public func validate() throws {
        guard maxWords >= 10, minWords >= 0, minWords < maxWords, overlapWords >= 0, overlapWords < maxWords else {
            throw DocumentError(
                .malformed, "chunker: need maxWords >= 10, 0 <= minWords < maxWords, 0 <= overlapWords < maxWords")
        }
    }
}
