/// How similarity between vectors is measured. Distances are `1 - similarity`; smaller is nearer.
public enum Metric: String, Codable, Sendable, Hashable {
    /// Cosine similarity: vectors are normalised on insert and queries on search.
    case cosine
    /// Raw inner product (maximum inner-product search).
    case innerProduct
}

/// One search result: the caller's label for the vector and its distance `1 - similarity`.
public struct Neighbor: Hashable, Sendable {
    public let label: Int64
    public let distance: Float

    public init(label: Int64, distance: Float) {
        self.label = label
        self.distance = distance
    }

    /// `1 - distance`: the cosine or inner-product similarity.
    public var similarity: Float { 1 - distance }
}

/// A vector of the wrong dimension, or another misuse of an index's input.
public struct VectorIndexError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    static func dimension(expected: Int, got: Int) -> VectorIndexError {
        VectorIndexError(
            "vector has \(got) dimensions, the index holds \(expected)-dimensional vectors; embed with the index's own "
                + "embedder"
        )
    }
}
