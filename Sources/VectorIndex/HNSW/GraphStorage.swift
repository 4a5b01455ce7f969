import CKernels

/// The raw per-node buffers of an HNSW graph, all indexed by slot.
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
    let quantized: Bool
    private(set) var capacity: Int

    /// Row-major vectors (normalised for cosine).
    private(set) var vectors: UnsafeMutablePointer<Float>
    /// int8 codes (one row per slot) and their scales, when quantized.
    private(set) var codes: UnsafeMutablePointer<Int8>?
    private(set) var scales: UnsafeMutablePointer<Float>?
    private(set) var level0: UnsafeMutablePointer<UInt32>
    /// Layers 1...level of each node, `upperStride` words each; nil for level-0 nodes.
    private(set) var upper: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>
    private(set) var levels: UnsafeMutablePointer<UInt8>
    private(set) var flags: UnsafeMutablePointer<UInt8>
    /// One spin lock per node, held while its link lists change.
    private(set) var locks: UnsafeMutablePointer<UInt8>
    private(set) var labels: UnsafeMutablePointer<Int64>

    init(dimension: Int, m: Int, quantized: Bool, capacity: Int) {
        self.dimension = dimension
        self.level0Stride = 2 * m + 1
        self.upperStride = m + 1
        self.quantized = quantized
        self.capacity = capacity
        vectors = .allocate(capacity: capacity * dimension)
        codes = quantized ? .allocate(capacity: capacity * dimension) : nil
        scales = quantized ? .allocate(capacity: capacity) : nil
        level0 = .allocate(capacity: capacity * level0Stride)
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
        let next = GraphStorage(dimension: dimension, m: upperStride - 1, quantized: quantized, capacity: newCapacity)
        next.vectors.update(from: vectors, count: count * dimension)
        if let codes, let scales {
            next.codes!.update(from: codes, count: count * dimension)
            next.scales!.update(from: scales, count: count)
        }
        next.level0.update(from: level0, count: count * level0Stride)
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
        vectors.deallocate()
        codes?.deallocate()
        scales?.deallocate()
        level0.deallocate()
        upper.deallocate()
        levels.deallocate()
        flags.deallocate()
        locks.deallocate()
        labels.deallocate()
    }

    // MARK: access

    @inline(__always) func vector(_ slot: Int) -> UnsafeMutablePointer<Float> { vectors + slot * dimension }

    /// The link list of `slot` on `layer`: word 0 is the count, then the links.
    @inline(__always) func links(_ slot: Int, layer: Int) -> UnsafeMutablePointer<UInt32> {
        layer == 0 ? level0 + slot * level0Stride : upper[slot]! + (layer - 1) * upperStride
    }

    @inline(__always) func flag(_ slot: Int) -> UInt8 { gk_load_u8(flags + slot) }
    @inline(__always) func isLive(_ slot: Int) -> Bool { gk_load_u8(flags + slot) == Self.ready }

    /// Replaces the link list of `slot` on `layer`: links first, count last (release), so a
    /// lock-free reader sees valid node ids whichever words it reads.
    func setLinks(_ slot: Int, layer: Int, _ neighbors: UnsafeBufferPointer<UInt32>) {
        let list = links(slot, layer: layer)
        for (i, n) in neighbors.enumerated() { gk_store_u32(list + 1 + i, n) }
        gk_store_u32(list, UInt32(neighbors.count))
    }

    /// Initialises an unreached slot: its vector, label, level, empty link lists.
    func initialize(_ slot: Int, vector source: UnsafePointer<Float>, label: Int64, level: Int, normalize: Bool) {
        let v = vector(slot)
        v.update(from: source, count: dimension)
        if normalize { Kernels.normalize(v, dimension) }
        if let codes, let scales { ScalarQuantizer.encode(v, dimension, into: codes + slot * dimension, scale: scales + slot) }
        labels[slot] = label
        levels[slot] = UInt8(level)
        level0[slot * level0Stride] = 0
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
}
