import Foundation

/// How a MiniLM embedder batches, threads and treats long texts.
public struct MiniLMConfiguration: Sendable, Hashable, Codable {
    /// What to do with a text longer than the model's 256 tokens.
    public enum LongText: String, Sendable, Hashable, Codable {
        /// Embed overlapping windows of 254 word pieces (256 with `[CLS]` and `[SEP]`), each
        /// overlapping the previous by `windowOverlap` pieces, and average the window embeddings
        /// weighted by their lengths, then L2-normalise: every word of the text counts.
        case windows
        /// Keep the first 254 word pieces, as sentence-transformers does.
        case truncate
    }

    /// Sequences per encoder call. 32 is sentence-transformers' default batch size.
    public var batchSize: Int
    /// Threads that encode batches at once (each calls BLAS single-threaded); a single short batch
    /// (a query) splits its matrix products between two of them instead. Default: every core.
    public var threads: Int
    public var longText: LongText
    public var windowOverlap: Int
    /// How the linear layers multiply. Default `.automatic`: int8 where the CPU has AVX2 or better.
    public var precision: Precision

    public init(
        batchSize: Int = 32, threads: Int = ProcessInfo.processInfo.activeProcessorCount, longText: LongText = .windows,
        windowOverlap: Int = 32, precision: Precision = .automatic
    ) {
        self.batchSize = batchSize
        self.threads = threads
        self.longText = longText
        self.windowOverlap = windowOverlap
        self.precision = precision
    }

    /// Decodes a configuration; one written before `precision` existed gets `.automatic`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        threads = try c.decode(Int.self, forKey: .threads)
        longText = try c.decode(LongText.self, forKey: .longText)
        windowOverlap = try c.decode(Int.self, forKey: .windowOverlap)
        precision = try c.decodeIfPresent(Precision.self, forKey: .precision) ?? .automatic
    }
}
