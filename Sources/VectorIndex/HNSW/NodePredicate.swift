import CKernels

/// Which nodes a graph search may return (every node is still traversed). Generic parameters of
/// the search loop, so each case compiles to its own loop with no closure call where none is needed.
protocol NodePredicate {
    func accepts(_ slot: UInt32) -> Bool
}

/// Every node: the index has no deletions and the search no filter.
struct AcceptAll: NodePredicate {
    @inline(__always) func accepts(_ slot: UInt32) -> Bool { true }
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
    func similarities(_ query: UnsafePointer<Float>, _ ids: UnsafePointer<UInt32>, _ n: Int, _ out: UnsafeMutablePointer<Float>)
}

/// Exact float inner products.
struct FloatSimilarity: SimilaritySource {
    let vectors: UnsafeMutablePointer<Float>
    let dimension: Int
    @inline(__always)
    func similarities(_ query: UnsafePointer<Float>, _ ids: UnsafePointer<UInt32>, _ n: Int, _ out: UnsafeMutablePointer<Float>) {
        gk_dot_gather(query, vectors, dimension, ids, n, out)
    }
}

/// Approximate inner products with the int8 codes (re-ranked exactly afterwards).
struct QuantizedSimilarity: SimilaritySource {
    let codes: UnsafeMutablePointer<Int8>
    let scales: UnsafeMutablePointer<Float>
    let dimension: Int
    @inline(__always)
    func similarities(_ query: UnsafePointer<Float>, _ ids: UnsafePointer<UInt32>, _ n: Int, _ out: UnsafeMutablePointer<Float>) {
        gk_dot_gather_i8(query, codes, scales, dimension, ids, n, out)
    }
}
