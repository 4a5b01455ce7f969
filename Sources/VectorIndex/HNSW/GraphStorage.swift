import CKernels

/// The raw per-node memory of an HNSW graph, indexed by slot.
///
/// Each slot owns one block, as in hnswlib: its layer-0 link list (a count, then up to `2m`
/// links), followed by what the graph search scores: the float vector, or a compact copy of it —
/// half-precision floats, or int8 codes and their scale — with the floats then apart, read only to
/// re-rank. A node's links
/// and vector share pages and often cache lines, so expanding a node costs fewer misses.
///
/// A value of pointers: copying it copies no data. The index replaces its storage (`grown`) only
/// under its write lock, so a reader that copied it under the read lock may use the pointers until
/// it unlocks.
struct GraphStorage {
    /// Node flag: the node is fully linked and may be returned.
    static let ready: UInt8 = 1
    /// Node flag: the node was removed; it is still traversed until a compaction.
    static let deleted: UInt8 = 2

    let dimension: Int
    /// Words per layer-0 list: a count, then up to `2m` links.
    let level0Stride: Int
    /// Words per upper-layer list: a count, then up to `m` links.
    let upperStride: Int
    /// What the blocks hold for the search: floats, halves or int8 codes.
    let rows: HNSWConfiguration.Quantization
    /// Bytes of a block: links, then the searched row (floats; halves padded to 4 bytes; or codes
    /// padded to 4 bytes + scale).
    let blockBytes: Int
    let linkBytes: Int
    /// Offset of an int8 row's scale from its codes.
    let scaleOffset: Int
    private(set) var capacity: Int

    private(set) var blocks: UnsafeMutableRawPointer
    /// The float vectors when the blocks hold a compact copy (else they are in the blocks).
    private(set) var floats: UnsafeMutablePointer<Float>?
    /// Layers 1...level of each node, `upperStride` words each; nil for level-0 nodes.
    private(set) var upper: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>
    private(set) var levels: UnsafeMutablePointer<UInt8>
    private(set) var flags: UnsafeMutablePointer<UInt8>
    /// One spin lock per node, held while its link lists change.
    private(set) var locks: UnsafeMutablePointer<UInt8>
    private(set) var labels: UnsafeMutablePointer<Int64>

    init(dimension: Int, m: Int, rows: HNSWConfiguration.Quantization, capacity: Int) {
        self.dimension = dimension
        self.level0Stride = 2 * m + 1
        self.upperStride = m + 1
        self.rows = rows
        self.linkBytes = level0Stride * 4
        self.scaleOffset = (dimension + 3) & ~3
        switch rows {
        case .none: blockBytes = linkBytes + dimension * 4
        case .float16: blockBytes = linkBytes + ((dimension * 2 + 3) & ~3)
        case .int8: blockBytes = linkBytes + scaleOffset + 4
        }
        self.capacity = capacity
        // Huge pages where the graph is large: a search reads blocks at random.
        blocks = gk_alloc_large(capacity * blockBytes)
        floats =
            rows != .none
            ? gk_alloc_large(capacity * dimension * MemoryLayout<Float>.stride).bindMemory(
                to: Float.self, capacity: capacity * dimension) : nil
        upper = .allocate(capacity: capacity)
        upper.initialize(repeating: nil, count: capacity)
        levels = .allocate(capacity: capacity)
        flags = .allocate(capacity: capacity)
        flags.initialize(repeating: 0, count: capacity)
        locks = .allocate(capacity: capacity)
        locks.initialize(repeating: 0, count: capacity)
        labels = .allocate(capacity: capacity)
    }

    /// Storage for `newCapacity` slots holding the first `count` slots of this one, whose buffers
    /// are freed. Call only with no reader or writer using this storage.
    func grown(to newCapacity: Int, count: Int) -> GraphStorage {
        let next = GraphStorage(dimension: dimension, m: upperStride - 1, rows: rows, capacity: newCapacity)
        next.blocks.copyMemory(from: blocks, byteCount: count * blockBytes)
        if let floats { next.floats!.update(from: floats, count: count * dimension) }
        next.upper.update(from: upper, count: count)
        next.levels.update(from: levels, count: count)
        next.flags.update(from: flags, count: count)
        next.labels.update(from: labels, count: count)
        release(keepingUpperLists: true)
        return next
    }

    /// Frees every buffer, and the upper-layer lists unless they moved to other storage.
    func release(keepingUpperLists: Bool = false) {
        if !keepingUpperLists {
            for slot in 0..<capacity { upper[slot]?.deallocate() }
        }
        gk_free_large(blocks)
        if let floats { gk_free_large(floats) }
        upper.deallocate()
        levels.deallocate()
        flags.deallocate()
        locks.deallocate()
        labels.deallocate()
    }

    // MARK: access

    /// The float vector of `slot` (normalised for cosine).
    @inline(__always) func vector(_ slot: Int) -> UnsafeMutablePointer<Float> {
        if let floats { return floats + slot * dimension }
        return (blocks + slot * blockBytes + linkBytes).assumingMemoryBound(to: Float.self)
    }

    /// The int8 codes of `slot` (int8 rows only); the scale follows at `scaleOffset`.
    @inline(__always) func codes(_ slot: Int) -> UnsafeMutablePointer<Int8> {
        (blocks + slot * blockBytes + linkBytes).assumingMemoryBound(to: Int8.self)
    }

    /// The half-precision copy of `slot` (float16 rows only).
    @inline(__always) func halves(_ slot: Int) -> UnsafeMutablePointer<Float16> {
        (blocks + slot * blockBytes + linkBytes).assumingMemoryBound(to: Float16.self)
    }

    /// The link list of `slot` on `layer`: word 0 is the count, then the links.
    @inline(__always) func links(_ slot: Int, layer: Int) -> UnsafeMutablePointer<UInt32> {
        layer == 0
            ? (blocks + slot * blockBytes).assumingMemoryBound(to: UInt32.self)
            : upper[slot]! + (layer - 1) * upperStride
    }

    /// The links of `slot` on `layer`, read with acquire loads.
    func linkList(_ slot: Int, layer: Int) -> [UInt32] {
        let list = links(slot, layer: layer)
        return (0..<Int(gk_load_u32(list))).map { gk_load_u32(list + 1 + $0) }
    }

    /// The rows the graph search scores: floats, halves or codes, in the blocks.
    var searchedRows: (base: UnsafeRawPointer, stride: Int) { (UnsafeRawPointer(blocks + linkBytes), blockBytes) }

    @inline(__always) func isLive(_ slot: Int) -> Bool { gk_load_u8(flags + slot) == Self.ready }

    /// Replaces the link list of `slot` on `layer`: links first, count last (release), so a
    /// lock-free reader sees valid node ids whichever words it reads.
    func setLinks(_ slot: Int, layer: Int, _ neighbors: UnsafeBufferPointer<UInt32>) {
        let list = links(slot, layer: layer)
        for (i, n) in neighbors.enumerated() { gk_store_u32(list + 1 + i, n) }
        gk_store_u32(list, UInt32(neighbors.count))
    }

    /// Types the block of `slot`: links as `UInt32`, the searched row as `Float`, `Float16` or `Int8`.
    func bind(_ slot: Int) {
        let block = blocks + slot * blockBytes
        block.bindMemory(to: UInt32.self, capacity: level0Stride)
        switch rows {
        case .none: (block + linkBytes).bindMemory(to: Float.self, capacity: dimension)
        case .float16: (block + linkBytes).bindMemory(to: Float16.self, capacity: dimension)
        case .int8:
            (block + linkBytes).bindMemory(to: Int8.self, capacity: scaleOffset)
            (block + linkBytes + scaleOffset).bindMemory(to: Float.self, capacity: 1)
        }
    }

    /// Initialises an unreached slot: its vector, label, level, empty link lists.
    func initialize(_ slot: Int, vector source: UnsafePointer<Float>, label: Int64, level: Int, normalize: Bool) {
        // Zeroed first, so unused link words and padding are the same in every saved file.
        (blocks + slot * blockBytes).initializeMemory(as: UInt8.self, repeating: 0, count: blockBytes)
        bind(slot)
        let v = vector(slot)
        v.update(from: source, count: dimension)
        if normalize { Kernels.normalize(v, dimension) }
        switch rows {
        case .none: break
        case .float16:
            // Rounded to nearest, ties to even: the same bits on every CPU.
            let h = halves(slot)
            for i in 0..<dimension { h[i] = Float16(v[i]) }
        case .int8:
            let c = codes(slot)
            ScalarQuantizer.encode(
                v, dimension, into: c,
                scale: (UnsafeMutableRawPointer(c) + scaleOffset).assumingMemoryBound(to: Float.self))
        }
        labels[slot] = label
        levels[slot] = UInt8(level)
        if level > 0 {
            let p = UnsafeMutablePointer<UInt32>.allocate(capacity: level * upperStride)
            p.initialize(repeating: 0, count: level * upperStride)
            upper[slot] = p
        } else {
            upper[slot] = nil
        }
        locks[slot] = 0
        gk_store_u8(flags + slot, 0)
    }

    /// Makes a never-initialised slot an empty, deleted one (for saving mid-insert).
    func clearUntouched(_ slot: Int) {
        bind(slot)
        (blocks + slot * blockBytes).initializeMemory(as: UInt8.self, repeating: 0, count: blockBytes)
        if let floats { (floats + slot * dimension).update(repeating: 0, count: dimension) }
        labels[slot] = -1
        levels[slot] = 0
        upper[slot] = nil
    }
}
