import CKernels
import Foundation
import Synchronization

extension HNSWIndex {
    /// Removes the vector of `label`: it leaves search results at once, and the neighbours that
    /// linked to it are relinked among its other neighbours (by the selection heuristic), so the
    /// graph stays navigable. Its slot is reclaimed by `compacted()`.
    ///
    /// Safe beside searches and other writers.
    /// - Returns: false when the label is not in the index.
    @discardableResult
    public func remove(label: Int64) -> Bool {
        guard let slot = slotOfLabel.withLock({ $0.removeValue(forKey: label) }) else { return false }
        reading { removeSlot($0, Int(slot)) }
        return true
    }

    /// Marks `slot` deleted and repairs the links around it. Call with the read lock held.
    func removeSlot(_ s: GraphStorage, _ slot: Int) {
        let before = gk_or_u8(s.flags + slot, GraphStorage.deleted)
        guard before & GraphStorage.deleted == 0 else { return }
        live.wrappingSubtract(1, ordering: .releasing)
        deletedCount.wrappingAdd(1, ordering: .releasing)
        for layer in 0...Int(s.levels[slot]) { repair(s, around: slot, layer: layer) }
        if let (entrySlot, _) = Self.unpack(entry.load(ordering: .acquiring)), entrySlot == slot {
            replaceEntry(s, removed: slot)
        }
    }

    /// For each live neighbour of `removed` that links back to it: replaces that link by the best
    /// of its other links and `removed`'s links.
    private func repair(_ s: GraphStorage, around removed: Int, layer: Int) {
        let around = s.linkList(removed, layer: layer)
        for neighbor in around where s.isLive(Int(neighbor)) {
            let node = Int(neighbor)
            gk_spin_lock(s.locks + node)
            defer { gk_spin_unlock(s.locks + node) }
            let current = s.linkList(node, layer: layer)
            guard current.contains(UInt32(removed)) else { continue }
            var seen = Set<UInt32>([UInt32(node)])
            let others = (current + around).filter {
                s.isLive(Int($0)) && Int(s.levels[Int($0)]) >= layer && seen.insert($0).inserted
            }
            let similarity = s.floatSimilarity
            relink(
                s, node, layer: layer, candidates(s, from: node, to: others, similarity: similarity),
                similarity: similarity)
        }
    }

    /// Moves the entry point off a removed node: to the live node of the highest level, or to
    /// none when nothing is live.
    private func replaceEntry(_ s: GraphStorage, removed: Int) {
        entryLock.withLock { _ in
            guard let (entrySlot, _) = Self.unpack(entry.load(ordering: .acquiring)), entrySlot == removed else {
                return
            }
            var best = -1
            var bestLevel = -1
            for slot in 0..<slotCount(s) where s.isLive(slot) && Int(s.levels[slot]) > bestLevel {
                best = slot
                bestLevel = Int(s.levels[slot])
            }
            entry.store(best < 0 ? .max : Self.pack(slot: best, level: bestLevel), ordering: .releasing)
        }
    }

    /// The live vectors (as stored: normalised for cosine), row-major, with their labels.
    public func liveVectors() -> (vectors: [Float], labels: [Int64]) {
        reading { s in
            var vectors: [Float] = []
            var labels: [Int64] = []
            for slot in 0..<slotCount(s) where s.isLive(slot) {
                vectors.append(contentsOf: UnsafeBufferPointer(start: s.vector(slot), count: dimension))
                labels.append(s.labels[slot])
            }
            return (vectors, labels)
        }
    }

    /// A fresh index over the live vectors, with their labels: the slots of removed vectors are
    /// reclaimed. Built on `threads` threads.
    /// - Throws: `VectorIndexError` only if the configuration became invalid (it cannot).
    public func compacted(threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> HNSWIndex {
        let (flat, labels) = liveVectors()
        let vectors = (0..<labels.count).map { Array(flat[($0 * dimension)..<(($0 + 1) * dimension)]) }
        let fresh = try HNSWIndex(dimension: dimension, configuration: configuration, capacity: max(vectors.count, 16))
        try fresh.add(contentsOf: vectors, labels: labels, threads: threads)
        return fresh
    }
}
