/// A (distance, node) pair ordered by distance.
@usableFromInline
struct Candidate {
    @usableFromInline var distance: Float
    @usableFromInline var node: UInt32
    @inlinable init(_ distance: Float, _ node: UInt32) {
        self.distance = distance
        self.node = node
    }
}

/// A binary heap of candidates; the top is the nearest (`max == false`) or the farthest (`max == true`).
@usableFromInline
struct CandidateHeap {
    @usableFromInline var items: [Candidate] = []
    @usableFromInline let max: Bool

    @inlinable init(max: Bool, capacity: Int = 0) {
        self.max = max
        items.reserveCapacity(capacity)
    }

    @inlinable var count: Int { items.count }
    @inlinable var isEmpty: Bool { items.isEmpty }
    @inlinable var top: Candidate { items[0] }

    @inlinable func above(_ a: Candidate, _ b: Candidate) -> Bool {
        max ? a.distance > b.distance : a.distance < b.distance
    }

    @inlinable mutating func push(_ c: Candidate) {
        items.append(c)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            guard above(items[i], items[p]) else { break }
            items.swapAt(i, p)
            i = p
        }
    }

    @inlinable @discardableResult mutating func pop() -> Candidate {
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            let n = items.count
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var best = i
                if l < n, above(items[l], items[best]) { best = l }
                if r < n, above(items[r], items[best]) { best = r }
                if best == i { break }
                items.swapAt(i, best)
                i = best
            }
        }
        return top
    }

    /// All items, nearest first.
    @inlinable func sortedAscending() -> [Candidate] { items.sorted { $0.distance < $1.distance } }
}
