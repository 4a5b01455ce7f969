import Foundation
import Synchronization
import Testing

@testable import Embeddings

/// The real built-in embedder, counting the texts it is asked to embed (the count is what the
/// memo must save; the vectors are the real ones).
final class CountingEmbedder: Embedder {
    let base: LatentSemanticEmbedder
    let embedded = Mutex<[String]>([])
    init(_ base: LatentSemanticEmbedder) { self.base = base }
    var identifier: String { base.identifier }
    var dimension: Int { base.dimension }
    func embed(_ texts: [String]) throws -> [[Float]] {
        embedded.withLock { $0 += texts }
        return try base.embed(texts)
    }
}

@Suite("An embedder that remembers recent texts")
struct CachingEmbedderTests {
    static let base = try! LatentSemanticEmbedder.fit(LatentSemanticEmbedderTests.corpus)

    @Test("a text embedded again comes from the memo, with the same vector; a new one is embedded")
    func remembers() throws {
        let counting = CountingEmbedder(Self.base)
        let cache = CachingEmbedder(counting)
        let first = try cache.embed("when is my refund paid")
        #expect(try cache.embed("when is my refund paid") == first)
        #expect(first == (try Self.base.embed("when is my refund paid")))
        let pair = try cache.embed(["when is my refund paid", "does the thermostat need a C wire"])
        let wire = try Self.base.embed("does the thermostat need a C wire")
        #expect(pair[0] == first && pair[1] == wire)
        #expect(counting.embedded.withLock { $0 } == ["when is my refund paid", "does the thermostat need a C wire"])
        #expect(cache.statistics.hits == 2 && cache.statistics.misses == 2)
        #expect(cache.identifier == Self.base.identifier && cache.dimension == Self.base.dimension)
    }

    @Test("the oldest text is forgotten beyond capacity; a large batch passes through unremembered")
    func bounded() throws {
        let counting = CountingEmbedder(Self.base)
        let cache = CachingEmbedder(counting, capacity: 2, batchLimit: 2)
        for t in ["refund", "camera battery", "express shipping", "refund"] { _ = try cache.embed(t) }
        #expect(counting.embedded.withLock { $0 } == ["refund", "camera battery", "express shipping", "refund"])
        let batch = ["refund", "camera battery", "thermostat"]
        #expect(try cache.embed(batch) == (try Self.base.embed(batch)))
        _ = try cache.embed("thermostat")
        #expect(
            counting.embedded.withLock { $0 }.suffix(4) == ["refund", "camera battery", "thermostat", "thermostat"])
    }

    @Test("many tasks asking at once all get the embedder's own vectors")
    func concurrent() async throws {
        let cache = CachingEmbedder(Self.base, capacity: 4)
        let texts = LatentSemanticEmbedderTests.corpus
        let expected = try Self.base.embed(texts)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<64 {
                group.addTask { try cache.embed(texts[i % texts.count]) == expected[i % texts.count] }
            }
            for try await same in group { #expect(same) }
        }
    }
}
