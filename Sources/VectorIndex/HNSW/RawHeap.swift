/// The order of a `RawHeap`: which of two candidates belongs nearer the top.
protocol HeapOrder {
    static func above(_ a: Float, _ b: Float) -> Bool
}

/// Nearest on top: the frontier of a best-first search.
enum NearestFirst: HeapOrder {
    @inline(__always) static func above(_ a: Float, _ b: Float) -> Bool { a < b }
}

/// Farthest on top: the bounded result list, whose worst member is replaced first.
enum FarthestFirst: HeapOrder {
    @inline(__always) static func above(_ a: Float, _ b: Float) -> Bool { a > b }
}

/// A binary heap of candidates in raw memory that grows by doubling: no bounds checks, no
/// copy-on-write checks, no ARC in the search loop. The owner calls `deallocate`.
struct RawHeap<Order: HeapOrder> {
    private(set) var base: UnsafeMutablePointer<Candidate>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    func deallocate() { base.deallocate() }

    @inline(__always) var isEmpty: Bool { count == 0 }
    @inline(__always) var top: Candidate { base[0] }
    @inline(__always) mutating func removeAll() { count = 0 }

    @inline(__always) mutating func push(_ c: Candidate) {
        if count == capacity { grow() }
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) >> 1
            guard Order.above(c.distance, base[parent].distance) else { break }
            base[i] = base[parent]
            i = parent
        }
        base[i] = c
    }

    @inline(__always) @discardableResult mutating func pop() -> Candidate {
        let top = base[0]
        count -= 1
        if count > 0 { siftDown(base[count]) }
        return top
    }

    /// Replaces the top with `c` and restores the order: `pop` then `push` in one sift-down.
    @inline(__always) mutating func replaceTop(_ c: Candidate) { siftDown(c) }

    /// Puts `c` at the root's place and moves it down to where it belongs among `count` items.
    @inline(__always) private mutating func siftDown(_ c: Candidate) {
        var i = 0
        while true {
            let l = 2 * i + 1
            if l >= count { break }
            var child = l
            if l + 1 < count, Order.above(base[l + 1].distance, base[l].distance) { child = l + 1 }
            guard Order.above(base[child].distance, c.distance) else { break }
            base[i] = base[child]
            i = child
        }
        base[i] = c
    }

    private mutating func grow() {
        let next = UnsafeMutablePointer<Candidate>.allocate(capacity: capacity * 2)
        next.moveInitialize(from: base, count: count)
        base.deallocate()
        base = next
        capacity *= 2
    }

    /// Pops every item into the slots it frees at the end, so the buffer ends up in the reverse of
    /// `Order` (a heap sort in place); the heap is left empty. Returns how many items there were.
    fileprivate mutating func sortInPlace() -> Int {
        let n = count
        while count > 1 {
            let top = base[0]
            count -= 1
            siftDown(base[count])
            base[count] = top
        }
        count = 0
        return n
    }
}

extension RawHeap where Order == FarthestFirst {
    /// The items, nearest first, equal distances by node (the heap is left empty). Sorted in place
    /// by popping the farthest into the freed end, then ties put in node order.
    mutating func drainAscending() -> [Candidate] {
        let n = sortInPlace()
        var out = Array(UnsafeBufferPointer(start: base, count: n))
        // Sorted by distance already: only runs of equal distances move.
        for i in out.indices.dropFirst() {
            var j = i
            let c = out[i]
            while j > 0, out[j - 1].distance == c.distance, out[j - 1].node > c.node {
                out[j] = out[j - 1]
                j -= 1
            }
            out[j] = c
        }
        return out
    }
}
