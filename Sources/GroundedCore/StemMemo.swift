import Synchronization

/// Porter stems already worked out, shared by every analyzer in the process: stemming is a pure
/// function of the word, and the same few thousand words come back in every question and every
/// candidate sentence, so answering looks a stem up instead of running the stemmer's steps.
///
/// Bounded: each of the 16 shards holds at most `shardCapacity` words and starts again empty when
/// full, so memory stays under about 16 × 4,096 short strings whatever text passes through.
///
/// Thread safety: each shard is behind its own mutex; safe from any thread.
final class StemMemo: Sendable {
    static let shared = StemMemo()
    /// Words per shard before it is emptied: 4,096 × 16 covers a support corpus's vocabulary.
    static let shardCapacity = 4_096

    private final class Shard: Sendable {
        let stems = Mutex<[String: String]>([:])
    }

    private let shards = (0..<16).map { _ in Shard() }

    /// The stem of `word`, remembered.
    func stem(_ word: String) -> String {
        let shard = shards[Int(word.utf8.reduce(UInt8(0)) { $0 &+ $1 } & 15)]
        if let known = shard.stems.withLock({ $0[word] }) { return known }
        let stem = PorterStemmer.stem(word)
        shard.stems.withLock { stems in
            if stems.count >= Self.shardCapacity { stems.removeAll(keepingCapacity: true) }
            stems[word] = stem
        }
        return stem
    }
}
