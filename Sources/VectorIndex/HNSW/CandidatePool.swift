import CKernels

/// The `limit` nearest candidates of a best-first search in one array sorted nearest first (equal
/// distances by node), each marked once expanded: the frontier and the result list in one. The
/// next node to expand is the nearest unexpanded one; the search ends when every kept candidate is
/// expanded, the point where a two-heap search stops too (its nearest frontier node is farther than
/// its farthest result). Insertion shifts the farther candidates up by one, where two heaps take a
/// sift whose every step is a branch the predictor loses; the result needs no sort. On
/// GloVe-50 a one-thread build went from 15.7–16.5 s to 12.5–13.3 s with it (Intel Xeon, AVX-512,
/// 2026-12-07, `grounded-lab bench vectors --build-threads 1`, alternating runs), recall unchanged.
///
/// Raw memory, no bounds checks; the owner calls `deallocate`. Node ids must be below 2³¹ (a key
/// holds the node shifted left by one, and the freed low bit marks an expanded candidate).
/// Not thread-safe.
struct CandidatePool {
    /// Candidates as order keys (`key(_:)`), sorted ascending.
    private var base: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private(set) var count = 0
    private var limit = 1
    /// No unexpanded candidate lies before this position.
    private var cursor = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    func deallocate() { base.deallocate() }

    /// Empties the pool for a search that keeps the `limit` nearest candidates.
    mutating func reset(limit: Int) {
        precondition(limit > 0, "a candidate pool keeps at least one candidate")
        if limit > capacity {
            base.deallocate()
            capacity = limit
            base = .allocate(capacity: capacity)
        }
        self.limit = limit
        count = 0
        cursor = 0
    }

    /// Whether `c` would be kept: the pool has room, or `c` sorts before the farthest kept one.
    @inline(__always) func admits(_ c: Candidate) -> Bool {
        count < limit || Self.key(c) < base[count &- 1]
    }

    /// Keeps `c` (not yet in the pool) in its place, dropping the farthest when the pool is full.
    /// Call only when `admits(c)`.
    @inline(__always) mutating func insert(_ c: Candidate) {
        let key = Self.key(c)
        // From the end, eight keys a step where the CPU allows: one load and store per candidate
        // moved, no chain of dependent loads as in a binary search.
        let low = gk_sorted_insert_u64(base, min(count, limit &- 1), key)
        count = min(count &+ 1, limit)
        cursor = min(cursor, low)
    }

    /// Marks the nearest unexpanded candidate expanded and returns its node; nil when none is left.
    @inline(__always) mutating func expandNext() -> UInt32? {
        while cursor < count {
            let key = base[cursor]
            cursor &+= 1
            if key & 1 == 0 {
                base[cursor &- 1] = key | 1
                return UInt32(truncatingIfNeeded: key) >> 1
            }
        }
        return nil
    }

    /// The node the next `expandNext` will return, if any (to prefetch its links).
    @inline(__always) func peekNext() -> UInt32? {
        var i = cursor
        while i < count {
            if base[i] & 1 == 0 { return UInt32(truncatingIfNeeded: base[i]) >> 1 }
            i &+= 1
        }
        return nil
    }

    /// The kept candidates, nearest first, equal distances by node.
    func sorted() -> [Candidate] {
        (0..<count).map { Self.candidate(base[$0]) }
    }

    /// A key whose unsigned order is the candidates' order: the distance's bits made monotonic in
    /// the high half (negatives flipped, positives above them), then the node, then the expanded bit.
    @inline(__always) static func key(_ c: Candidate) -> UInt64 {
        let bits = c.distance.bitPattern
        let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
        return UInt64(ordered) << 32 | UInt64(c.node) << 1
    }

    /// The candidate a key was made from (the expanded bit dropped).
    static func candidate(_ key: UInt64) -> Candidate {
        let ordered = UInt32(truncatingIfNeeded: key >> 32)
        let bits = ordered & 0x8000_0000 != 0 ? ordered & 0x7FFF_FFFF : ~ordered
        return Candidate(Float(bitPattern: bits), UInt32(truncatingIfNeeded: key) >> 1)
    }
}
