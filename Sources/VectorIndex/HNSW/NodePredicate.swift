import CKernels

/// Which nodes a graph search may return (every node is still traversed). Generic parameters of
/// the search loop, so each case compiles to its own loop with no closure call where none is needed.
protocol NodePredicate {
    func accepts(_ slot: UInt32) -> Bool
    /// True only when `accepts` is true for every node (the search can then keep one sorted pool).
    static var acceptsEveryNode: Bool { get }
}

extension NodePredicate {
    static var acceptsEveryNode: Bool { false }
}

/// Every node: the index has no deletions and the search no filter.
struct AcceptAll: NodePredicate {
    @inline(__always) func accepts(_ slot: UInt32) -> Bool { true }
    static var acceptsEveryNode: Bool { true }
}

/// Nodes not deleted.
struct AcceptLive: NodePredicate {
    let flags: UnsafeMutablePointer<UInt8>
    @inline(__always) func accepts(_ slot: UInt32) -> Bool { gk_load_u8(flags + Int(slot)) == GraphStorage.ready }
}

/// Nodes not deleted whose labels the caller's filter admits.
struct AcceptWhere: NodePredicate {
    let flags: UnsafeMutablePointer<UInt8>
    let labels: UnsafeMutablePointer<Int64>
    let filter: (Int64) -> Bool
    @inline(__always) func accepts(_ slot: UInt32) -> Bool {
        gk_load_u8(flags + Int(slot)) == GraphStorage.ready && filter(labels[Int(slot)])
    }
}

/// How a search scores nodes: similarity of the query to each listed slot.
protocol SimilaritySource {
    func similarities(
        _ query: UnsafePointer<Float>, _ ids: UnsafePointer<UInt32>, _ n: Int, _ out: UnsafeMutablePointer<Float>)

    /// The scored row of `slot` as floats, to score other rows against: the row itself when it
    /// holds floats, else its values written into `buffer` (`dimension` floats).
    func floatRow(_ slot: UInt32, buffer: UnsafeMutablePointer<Float>) -> UnsafePointer<Float>
}

/// Exact float inner products, rows `stride` bytes apart.
struct FloatSimilarity: SimilaritySource {
    let base: UnsafeRawPointer
    let stride: Int
    let dimension: Int
    @inline(__always)
    func similarities(
        _ query: UnsafePointer<Float>, _ ids: UnsafePointer<UInt32>, _ n: Int, _ out: UnsafeMutablePointer<Float>
    ) {
        gk_dot_gather(query, base, stride, dimension, ids, n, out)
    }

    @inline(__always)
    func floatRow(_ slot: UInt32, buffer: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        (base + Int(slot) * stride).assumingMemoryBound(to: Float.self)
    }
}

/// Approximate inner products with the int8 codes (re-ranked exactly afterwards).
struct QuantizedSimilarity: SimilaritySource {
    let base: UnsafeRawPointer
    let stride: Int
    let dimension: Int
    let scaleOffset: Int
    @inline(__always)
    func similarities(
        _ query: UnsafePointer<Float>, _ ids: UnsafePointer<UInt32>, _ n: Int, _ out: UnsafeMutablePointer<Float>
    ) {
        gk_dot_gather_i8(query, base, stride, dimension, scaleOffset, ids, n, out)
    }

    func floatRow(_ slot: UInt32, buffer: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        let codes = (base + Int(slot) * stride).assumingMemoryBound(to: Int8.self)
        let scale = (base + Int(slot) * stride + scaleOffset).load(as: Float.self)
        for i in 0..<dimension { buffer[i] = Float(codes[i]) * scale }
        return UnsafePointer(buffer)
    }
}

/// Inner products with the half-precision copies (re-ranked exactly afterwards).
struct HalfSimilarity: SimilaritySource {
    let base: UnsafeRawPointer
    let stride: Int
    let dimension: Int
    @inline(__always)
    func similarities(
        _ query: UnsafePointer<Float>, _ ids: UnsafePointer<UInt32>, _ n: Int, _ out: UnsafeMutablePointer<Float>
    ) {
        gk_dot_gather_f16(query, base, stride, dimension, ids, n, out)
    }

    @inline(__always)
    func floatRow(_ slot: UInt32, buffer: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        gk_widen_halves((base + Int(slot) * stride).assumingMemoryBound(to: UInt16.self), buffer, dimension)
        return UnsafePointer(buffer)
    }
}

extension GraphStorage {
    /// Exact similarities to the float vectors, wherever they live.
    var floatSimilarity: FloatSimilarity {
        if let floats {
            return FloatSimilarity(base: UnsafeRawPointer(floats), stride: dimension * 4, dimension: dimension)
        }
        let rows = searchedRows
        return FloatSimilarity(base: rows.base, stride: rows.stride, dimension: dimension)
    }

    /// Similarities to the int8 codes (int8 rows only).
    var quantizedSimilarity: QuantizedSimilarity {
        let rows = searchedRows
        return QuantizedSimilarity(base: rows.base, stride: rows.stride, dimension: dimension, scaleOffset: scaleOffset)
    }
}

extension GraphStorage {
    /// Similarities to the half-precision copies (float16 rows only).
    var halfSimilarity: HalfSimilarity {
        let rows = searchedRows
        return HalfSimilarity(base: rows.base, stride: rows.stride, dimension: dimension)
    }
}
