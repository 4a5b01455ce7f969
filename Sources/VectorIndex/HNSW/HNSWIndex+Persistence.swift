import CKernels
import Foundation
import GroundedCore
import Synchronization

extension HNSWIndex {
    static let magic = "GRNDHNSW"
    /// 2: one block per slot (layer-0 links + searched row), flags (deletes), one-byte levels,
    /// optional int8 codes with the floats apart.
    static let formatVersion: UInt32 = 2

    /// What a reader checks before trusting an index file.
    public struct FileHeader: Codable, Sendable, Equatable {
        public var dimension: Int
        /// Slots in the file, deleted ones included.
        public var slots: Int
        public var configuration: HNSWConfiguration
        public var entryPoint: Int
        public var maxLevel: Int
        /// The corpus build this index belongs to; loading checks it against the store's.
        public var buildID: String
    }

    /// Saves the index as one checksummed file, atomically (write, fsync, rename). Searches wait
    /// while the graph is copied out; writers are excluded.
    /// - Parameter buildID: the corpus build the index belongs to, checked on load.
    /// - Throws: `IOError` when the file cannot be written.
    public func save(to url: URL, buildID: String) throws {
        gk_rwlock_write(lock)
        let (header, payload) = serialize(buildID: buildID)
        gk_rwlock_unlock(lock)
        try ContainerFile.write(
            to: url, magic: Self.magic, version: Self.formatVersion, header: header, payload: payload)
    }

    /// The header and payload of the file. Call under the write lock: no insert is half done, so a
    /// slot is either complete or untouched (flags 0: written as an empty deleted slot).
    private func serialize(buildID: String) -> (FileHeader, [UInt8]) {
        let s = storage
        let n = slotCount(s)
        for slot in 0..<n where s.flags[slot] == 0 { s.clearUntouched(slot) }
        var w = BinaryWriter(capacity: n * (s.blockBytes + (s.floats != nil ? dimension * 4 : 0) + 16))
        w.append(
            buffer: UnsafeBufferPointer(start: s.blocks.assumingMemoryBound(to: UInt8.self), count: n * s.blockBytes))
        if let floats = s.floats { w.append(buffer: UnsafeBufferPointer(start: floats, count: n * dimension)) }
        w.append(buffer: UnsafeBufferPointer(start: s.labels, count: n))
        w.append(buffer: UnsafeBufferPointer(start: s.levels, count: n))
        for slot in 0..<n { w.append(s.flags[slot] == 0 ? GraphStorage.deleted : s.flags[slot]) }
        for slot in 0..<n where s.levels[slot] > 0 {
            w.append(buffer: UnsafeBufferPointer(start: s.upper[slot]!, count: Int(s.levels[slot]) * s.upperStride))
        }
        let e = Self.unpack(entry.load(ordering: .acquiring))
        let header = FileHeader(
            dimension: dimension, slots: n, configuration: configuration,
            entryPoint: e?.slot ?? -1, maxLevel: e?.level ?? -1, buildID: buildID)
        return (header, w.bytes)
    }

    /// Loads an index saved by `save(to:buildID:)`, in one pass over a memory map of the file after
    /// its checksum is verified; every link is checked, so a bad file cannot crash a search.
    /// - Parameters:
    ///   - expectedBuildID: when given, the file must belong to this corpus build.
    ///   - expectedDimension: when given, the file's vectors must have this dimension.
    /// - Throws: `FileFormatError` for a missing, truncated, corrupted or mismatched file.
    public static func load(
        from url: URL, expectedBuildID: String? = nil,
        expectedDimension: Int? = nil
    ) throws -> HNSWIndex {
        let path = url.path
        return try ContainerFile.read(url, magic: magic, version: formatVersion, as: FileHeader.self) { h, raw in
            if let expectedBuildID, expectedBuildID != h.buildID {
                throw FileFormatError(
                    path: path, problem: .mismatch,
                    detail: "belongs to build \(h.buildID), the store's current build is \(expectedBuildID)")
            }
            if let expectedDimension, expectedDimension != h.dimension {
                throw FileFormatError(
                    path: path, problem: .mismatch,
                    detail: "\(h.dimension)-dimensional vectors, expected \(expectedDimension)")
            }
            do {
                guard h.slots >= 0, h.slots <= Self.maxSlots else { throw VectorIndexError("\(h.slots) slots") }
                let index = try HNSWIndex(
                    dimension: h.dimension, configuration: h.configuration, capacity: max(h.slots, 16))
                try index.fill(from: raw, header: h)
                return index
            } catch let error as FileFormatError {
                throw error
            } catch {
                throw FileFormatError(path: path, problem: .corrupt, detail: "\(error)")
            }
        }
    }

    /// Copies the sections of `raw` into the (fresh) storage and validates them.
    private func fill(from raw: UnsafeRawBufferPointer, header h: FileHeader) throws {
        let s = storage
        let n = h.slots
        let d = dimension
        var offset = 0
        func copy<T>(_ count: Int, into target: UnsafeMutablePointer<T>) throws {
            let bytes = count * MemoryLayout<T>.stride
            guard offset + bytes <= raw.count else {
                throw VectorIndexError("section of \(bytes) bytes at \(offset) runs past the \(raw.count)-byte payload")
            }
            UnsafeMutableRawPointer(target).copyMemory(from: raw.baseAddress! + offset, byteCount: bytes)
            offset += bytes
        }
        guard offset + n * s.blockBytes <= raw.count else { throw VectorIndexError("the blocks run past the payload") }
        s.blocks.copyMemory(from: raw.baseAddress!, byteCount: n * s.blockBytes)
        offset = n * s.blockBytes
        for slot in 0..<n { s.bind(slot) }
        if let floats = s.floats { try copy(n * d, into: floats) }
        try copy(n, into: s.labels)
        try copy(n, into: s.levels)
        try copy(n, into: s.flags)
        for slot in 0..<n {
            let level = Int(s.levels[slot])
            guard level <= 30 else { throw VectorIndexError("slot \(slot) has level \(level)") }
            guard level > 0 else { continue }
            let p = UnsafeMutablePointer<UInt32>.allocate(capacity: level * s.upperStride)
            s.upper[slot] = p
            try copy(level * s.upperStride, into: p)
        }
        guard offset == raw.count else { throw VectorIndexError("\(raw.count - offset) stray bytes after the graph") }
        var labels: [Int64: UInt32] = [:]
        var liveCount = 0
        var deleted = 0
        for slot in 0..<n {
            switch s.flags[slot] {
            case GraphStorage.ready:
                liveCount += 1
                labels[s.labels[slot]] = UInt32(slot)
            case GraphStorage.deleted, GraphStorage.ready | GraphStorage.deleted:
                s.flags[slot] = GraphStorage.ready | GraphStorage.deleted
                deleted += 1
            default:
                throw VectorIndexError("slot \(slot) has flags \(s.flags[slot])")
            }
        }
        slots.store(n, ordering: .releasing)
        live.store(liveCount, ordering: .releasing)
        deletedCount.store(deleted, ordering: .releasing)
        slotOfLabel.withLock { $0 = labels }
        if h.entryPoint >= 0 {
            guard h.entryPoint < n, h.maxLevel == Int(s.levels[h.entryPoint]) else {
                throw VectorIndexError("entry point \(h.entryPoint) at level \(h.maxLevel) is invalid")
            }
            entry.store(Self.pack(slot: h.entryPoint, level: h.maxLevel), ordering: .releasing)
        } else if liveCount > 0 {
            throw VectorIndexError("\(liveCount) live vectors but no entry point")
        }
        try checkLinks(s, slotCount: n)
    }

    /// Verifies that every link points at an existing node of a high enough level.
    func checkLinks(_ s: GraphStorage, slotCount n: Int) throws {
        for slot in 0..<n {
            for layer in 0...Int(s.levels[slot]) {
                let list = s.links(slot, layer: layer)
                let count = Int(list[0])
                guard count <= maxLinks(layer: layer) else {
                    throw VectorIndexError("slot \(slot) has \(count) links on layer \(layer)")
                }
                for i in 0..<count {
                    let t = Int(list[1 + i])
                    guard t < n, Int(s.levels[t]) >= layer else {
                        throw VectorIndexError("slot \(slot) links to invalid slot \(t) on layer \(layer)")
                    }
                }
            }
        }
    }
}
