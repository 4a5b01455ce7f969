import Synchronization

/// A set of visited nodes that clears in O(1): a node is visited when its tag equals the current
/// generation. Not thread-safe; one per search, lent out by `VisitedPool`.
final class VisitedSet {
    private(set) var tags: UnsafeMutablePointer<UInt32>
    private(set) var capacity: Int
    private var generation: UInt32 = 0

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 1)
        tags = .allocate(capacity: self.capacity)
        tags.initialize(repeating: 0, count: self.capacity)
    }

    deinit { tags.deallocate() }

    /// Starts a new, empty set able to hold nodes `0..<capacity`.
    func reset(capacity needed: Int) {
        if needed > capacity {
            tags.deallocate()
            capacity = Swift.max(needed, capacity * 2)
            tags = .allocate(capacity: capacity)
            tags.initialize(repeating: 0, count: capacity)
            generation = 0
        }
        generation &+= 1
        if generation == 0 {
            tags.update(repeating: 0, count: capacity)
            generation = 1
        }
    }

    /// Marks `node`; returns false when it was already marked.
    @inline(__always) func insert(_ node: UInt32) -> Bool {
        if tags[Int(node)] == generation { return false }
        tags[Int(node)] = generation
        return true
    }
}

/// A thread-safe pool of visited sets, so concurrent searches never allocate in steady state.
final class VisitedPool: Sendable {
    private let free = Mutex<[UnsafeSendable<VisitedSet>]>([])

    func take(capacity: Int) -> VisitedSet {
        let set = free.withLock { $0.popLast()?.value } ?? VisitedSet(capacity: capacity)
        set.reset(capacity: capacity)
        return set
    }

    func give(_ set: VisitedSet) { free.withLock { $0.append(UnsafeSendable(value: set)) } }
}

/// Carries a non-Sendable value that is handed between threads by a lock.
struct UnsafeSendable<T>: @unchecked Sendable { let value: T }
