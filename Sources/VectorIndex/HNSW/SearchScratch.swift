/// Everything one graph search needs besides the graph: a visited set that clears in O(1) (16-bit
/// generation tags: half the cache footprint of 32-bit ones; cleared once every 65,535 searches), the
/// two heaps of a filtered search, the sorted pool of an unfiltered one, and buffers for a node's
/// unvisited neighbours and their distances. Lent out by `ScratchPool`, so searches allocate nothing
/// in steady state.
///
/// Not thread-safe: one search at a time.
final class SearchScratch {
    private(set) var tags: UnsafeMutablePointer<UInt16>
    private(set) var tagCapacity: Int
    private(set) var generation: UInt16 = 0
    var candidates: RawHeap<NearestFirst>
    var results: RawHeap<FarthestFirst>
    var pool: CandidatePool
    let ids: UnsafeMutablePointer<UInt32>
    let distances: UnsafeMutablePointer<Float>
    /// The search's (normalised) query.
    let query: UnsafeMutablePointer<Float>

    init(slots: Int, maxLinks: Int, dimension: Int) {
        tagCapacity = max(slots, 16)
        tags = .allocate(capacity: tagCapacity)
        tags.initialize(repeating: 0, count: tagCapacity)
        candidates = RawHeap(capacity: 256)
        results = RawHeap(capacity: 256)
        pool = CandidatePool(capacity: 256)
        ids = .allocate(capacity: maxLinks + 1)
        distances = .allocate(capacity: maxLinks + 1)
        query = .allocate(capacity: dimension)
    }

    deinit {
        tags.deallocate()
        candidates.deallocate()
        results.deallocate()
        pool.deallocate()
        ids.deallocate()
        distances.deallocate()
        query.deallocate()
    }

    /// Starts a new visited set for slots `0..<slots` holding only `entry`, and returns its generation.
    func beginVisit(slots: Int, from entry: UInt32) -> UInt16 {
        if slots > tagCapacity {
            tags.deallocate()
            tagCapacity = max(slots, tagCapacity * 2)
            tags = .allocate(capacity: tagCapacity)
            tags.initialize(repeating: 0, count: tagCapacity)
            generation = 0
        }
        generation &+= 1
        if generation == 0 {
            tags.update(repeating: 0, count: tagCapacity)
            generation = 1
        }
        tags[Int(entry)] = generation
        return generation
    }
}

/// A thread-safe pool of scratch spaces.
final class ScratchPool: Sendable {
    private let free = PthreadLocked<[SearchScratch]>([])
    let maxLinks: Int
    let dimension: Int

    init(maxLinks: Int, dimension: Int) {
        self.maxLinks = maxLinks
        self.dimension = dimension
    }

    func take(slots: Int) -> SearchScratch {
        free.withLock { $0.popLast() } ?? SearchScratch(slots: slots, maxLinks: maxLinks, dimension: dimension)
    }

    func give(_ scratch: SearchScratch) { free.withLock { $0.append(scratch) } }
}
