import CKernels
import Foundation
import GroundedCore
import Synchronization

/// A hierarchical navigable small-world graph for approximate nearest-neighbour search
/// (Malkov & Yashunin, 2018), with real deletes, filtered search and optional int8 codes.
///
/// Layout: one block per node holding its layer-0 links and the row the search scores, flags and
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
    let entryLock = PthreadLocked<Void>(())
    /// The slot holding each live label.
    let slotOfLabel = PthreadLocked<[Int64: UInt32]>([:])
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
        self.storage = GraphStorage(
            dimension: dimension, m: configuration.m,
            rows: configuration.quantization, capacity: max(capacity, 16))
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

    /// Slots handed out that `s` holds (some may still be being linked; check `isLive`).
    @inline(__always) func slotCount(_ s: GraphStorage) -> Int { min(slots.load(ordering: .acquiring), s.capacity) }

    /// Grows the storage to hold at least `needed` slots (takes the write lock; call without the
    /// read lock held).
    func grow(toHold needed: Int) {
        gk_rwlock_write(lock)
        defer { gk_rwlock_unlock(lock) }
        guard needed > storage.capacity else { return }
        var capacity = storage.capacity
        while capacity < needed { capacity *= 2 }
        storage = storage.grown(to: capacity, count: slotCount(storage))
    }

    /// Bytes held in memory per slot, measured on the index as it is: the block (layer-0 links and
    /// the searched row), the floats apart beside a compact copy, label, level, flags and lock
    /// bytes, the upper-layer lists actually allocated, and the label map.
    public var bytesPerVector: Int {
        reading { s in
            let n = slotCount(s)
            guard n > 0 else { return 0 }
            var upperBytes = 0
            for slot in 0..<n { upperBytes += Int(s.levels[slot]) * s.upperStride * 4 }
            let perSlot = s.blockBytes + (s.floats != nil ? dimension * 4 : 0) + 8 + 3 + 8
            let labelMap = slotOfLabel.withLock { $0.capacity } * 12
            return perSlot + (upperBytes + labelMap) / n
        }
    }

    /// Bytes the graph search reads per vector: the block (links and the float row, the
    /// half-precision row, or the int8 row and its scale); the floats apart are read only to re-rank
    /// the final candidates.
    public var searchBytesPerVector: Int { reading { $0.blockBytes } }

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
