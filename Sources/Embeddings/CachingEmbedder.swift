import Synchronization

/// An embedder that remembers the vectors of the last texts it embedded one or a few at a time.
/// Answering one question embeds it more than once (retrieval, sentence scoring, the paraphrase
/// rule), and a channel sees the same questions again; a neural model spends milliseconds on each.
/// Batches larger than `batchLimit` (ingestion) pass straight through and are not remembered.
///
/// Thread safety: the memo is behind a mutex, held only to read and to store; the wrapped
/// embedder runs outside it, so two callers may embed the same new text at once (both get
/// equal vectors).
public final class CachingEmbedder: Embedder {
    public let base: any Embedder
    /// Texts remembered; the oldest is forgotten first.
    public let capacity: Int
    /// The largest batch whose texts are looked up and remembered.
    public let batchLimit: Int
    private let memo = Mutex(Memo())

    struct Memo {
        var vectors: [String: [Float]] = [:]
        /// The remembered texts in a ring: once full, `next` is the oldest, replaced first.
        var order: [String] = []
        var next = 0
        var hits = 0
        var misses = 0
    }

    /// - Parameters:
    ///   - capacity: default 4,096 texts, about 6 MB of 384-dimensional vectors: a support
    ///     channel's common questions, the bot's recent replies (read back as a follow-up's context)
    ///     and conversations' recent turns.
    ///   - batchLimit: default 4, the most texts one answer embeds together.
    public init(_ base: any Embedder, capacity: Int = 4_096, batchLimit: Int = 4) {
        self.base = base
        self.capacity = max(1, capacity)
        self.batchLimit = batchLimit
    }

    public var identifier: String { base.identifier }
    public var dimension: Int { base.dimension }
    public var isLightweight: Bool { base.isLightweight }
    public func knowsWord(_ word: String) -> Bool { base.knowsWord(word) }

    /// How many texts were found in the memo and how many had to be embedded.
    public var statistics: (hits: Int, misses: Int) { memo.withLock { ($0.hits, $0.misses) } }

    public func embed(_ texts: [String]) throws -> [[Float]] {
        guard texts.count <= batchLimit else { return try base.embed(texts) }
        var out: [[Float]?] = memo.withLock { m in texts.map { m.vectors[$0] } }
        let missing = out.indices.filter { out[$0] == nil }
        guard !missing.isEmpty else {
            memo.withLock { $0.hits += texts.count }
            return out.map { $0! }
        }
        let fresh = try base.embed(missing.map { texts[$0] })
        for (i, v) in zip(missing, fresh) { out[i] = v }
        memo.withLock { m in
            m.hits += texts.count - missing.count
            m.misses += missing.count
            for (i, v) in zip(missing, fresh) where m.vectors.updateValue(v, forKey: texts[i]) == nil {
                if m.order.count < capacity {
                    m.order.append(texts[i])
                } else {
                    m.vectors[m.order[m.next]] = nil
                    m.order[m.next] = texts[i]
                    m.next = (m.next + 1) % capacity
                }
            }
        }
        return out.map { $0! }
    }
}
