/// A sparse feature vector: parallel arrays of feature indices and values.
///
/// Thread safety: an immutable value.
public struct SparseFeatures: Sendable, Equatable {
    public var indices: [Int32]
    public var values: [Float]

    public init(indices: [Int32] = [], values: [Float] = []) {
        precondition(indices.count == values.count, "\(indices.count) indices for \(values.count) values")
        self.indices = indices
        self.values = values
    }

    public var count: Int { indices.count }

    /// Appends `vector` as features `offset ..< offset + vector.count`, each scaled by `scale`.
    public mutating func append(dense vector: [Float], offset: Int, scale: Float) {
        for (j, v) in vector.enumerated() where v != 0 {
            indices.append(Int32(offset + j))
            values.append(v * scale)
        }
    }
}
