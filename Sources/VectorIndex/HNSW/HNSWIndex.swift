import CKernels
import Foundation
import Synchronization

/// A hierarchical navigable small-world graph for approximate nearest-neighbour search
/// (Malkov & Yashunin, 2018), with real deletes, filtered search and optional int8 codes.
///
/// Layout: vectors in one contiguous buffer, layer-0 links in another at a fixed stride, flags and
/// labels beside them (`GraphStorage`); the search loop allocates nothing and touches no Swift
/// array.
///
/// Thread safety: any number of searches run at once, beside any number of writers (`add`,
/// `remove`), including the parallel build. Readers take the read side of a writer-preferring lock
/// and read link words with acquire loads; writers change a node's links under that node's spin
/// lock and publish a node only once it is complete. Only growing the buffers takes the write side.
public final class HNSWIndex: @unchecked Sendable {
    public let dimension: Int
    public let configuration: HNSWConfiguration
    let maxM: Int
    let maxM0: Int

    /// Guards `storage`: shared by searches and writers, exclusive to `grow`.
    let lock: OpaquePointer
    /// Replaced only under the write lock.
    var storage: GraphStorage
    /// Slots handed out so far (some may still be being linked).
    let slots = Atomic<Int>(0)
    /// Nodes not deleted.
    let live = Atomic<Int>(0)
    /// Deleted nodes still in the graph (until `compacted`).
    let deletedCount = Atomic<Int>(0)
    /// The entry point: `level << 32 | slot`, or `UInt64.max` while the graph is empty.
    let entry = Atomic<UInt64>(.max)
    /// Serialises changes of the entry point.
    let entryLock = Mutex<Void>(())
    /// The slot holding each live label.
    let slotOfLabel = Mutex<[Int64: UInt32]>([:])
    let scratchPool: ScratchPool

    /// Creates an empty index.
    /// - Parameter capacity: slots to allocate up front (the index grows by doubling past it).
    /// - Throws: `VectorIndexError` when the dimension or configuration is invalid.
    public init(dimension: Int, configuration: HNSWConfiguration = .init(), capacity: Int = 1024) throws {
        guard dimension > 0 else { throw VectorIndexError("dimension must be positive, got \(dimension)") }
        try configuration.validate()
        self.dimension = dimension
        self.configuration = configuration
        self.maxM = configuration.m
        self.maxM0 = configuration.m * 2
        self.lock = gk_rwlock_create()
        self.storage = GraphStorage(dimension: dimension, m: configuration.m,
                                    quantized: configuration.quantization == .int8, capacity: max(capacity, 16))
        self.scratchPool = ScratchPool(maxLinks: max(maxM0, configuration.m), dimension: dimension)
    }

    deinit {
        storage.release()
        gk_rwlock_destroy(lock)
    }

    /// Live (not deleted) vectors.
    public var count: Int { live.load(ordering: .acquiring) }

    /// Deleted vectors whose slots a compaction would reclaim.
    public var deletedSlots: Int { deletedCount.load(ordering: .acquiring) }

    /// Whether `label` is in the index.
    public func contains(label: Int64) -> Bool { slotOfLabel.withLock { $0[label] != nil } }

    /// Runs `body` with the storage, holding the read lock.
    @inline(__always) func reading<T>(_ body: (GraphStorage) throws -> T) rethrows -> T {
        gk_rwlock_read(lock)
        defer { gk_rwlock_unlock(lock) }
        return try body(storage)
    }

    /// Grows the storage to hold at least `needed` slots (takes the write lock; call without the
    /// read lock held).
    func grow(toHold needed: Int) {
        gk_rwlock_write(lock)
        defer { gk_rwlock_unlock(lock) }
        guard needed > storage.capacity else { return }
        var capacity = storage.capacity
        while capacity < needed { capacity *= 2 }
        storage = storage.grown(to: capacity, count: min(slots.load(ordering: .acquiring), storage.capacity))
    }

    /// Bytes held in memory per vector: the vector, its int8 codes if any, layer-0 links, label,
    /// level and flags (upper layers add about `1/m` of the layer-0 links on average).
    public var bytesPerVector: Int {
        let codes = configuration.quantization == .int8 ? dimension + 4 : 0
        return dimension * 4 + codes + (maxM0 + 1) * 4 + 8 + 3 + 8 + (maxM + 1) * 4 / max(maxM - 1, 1)
    }

    /// Bytes the graph search touches per vector: the codes when quantized (the floats are read
    /// only to re-rank the final candidates), else the vector; plus layer-0 links.
    public var searchBytesPerVector: Int {
        (configuration.quantization == .int8 ? dimension + 4 : dimension * 4) + (maxM0 + 1) * 4
    }

    // MARK: entry point

    @inline(__always) static func unpack(_ e: UInt64) -> (slot: Int, level: Int)? {
        e == .max ? nil : (Int(e & 0xffff_ffff), Int(e >> 32))
    }

    @inline(__always) static func pack(slot: Int, level: Int) -> UInt64 { UInt64(level) << 32 | UInt64(slot) }

    /// The level of the node in `slot`: geometric with ratio 1/m, derived from the seed and the slot
    /// alone, so a build is reproducible on one thread and unaffected by thread timing on many.
    func level(forSlot slot: Int) -> Int {
        var rng = SplitMix64(seed: configuration.seed ^ (UInt64(slot) &* 0x9e37_79b9_7f4a_7c15))
        let u = max(rng.nextUnitDouble(), 1e-12)
        return min(Int(-log(u) / log(Double(maxM))), 30)
    }

    /// The stored (for cosine: normalised) vector of `label`, or nil when it is not in the index.
    public func storedVector(label: Int64) -> [Float]? {
        guard let slot = slotOfLabel.withLock({ $0[label] }) else { return nil }
        return reading { s in Array(UnsafeBufferPointer(start: s.vector(Int(slot)), count: dimension)) }
    }
}

/// SplitMix64: a small, fast, seedable generator (Steele et al., 2014).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    mutating func nextUnitDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
