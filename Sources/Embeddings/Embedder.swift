/// Turns texts into fixed-length vectors whose cosine similarity reflects closeness of meaning.
///
/// Conforming types are immutable values or thread-safe objects: `embed` may be called from many
/// tasks at once.
public protocol Embedder: Sendable {
    /// Names the model and its parameters; an index built with one identifier must be queried
    /// with an embedder of the same identifier.
    var identifier: String { get }
    /// The length of every vector `embed` returns.
    var dimension: Int { get }
    /// One vector per text, in order.
    /// - Throws: an error of the conforming type when a text cannot be embedded.
    func embed(_ texts: [String]) throws -> [[Float]]
    /// Whether embedding a sentence is cheap enough to do for every candidate sentence of an
    /// answer (microseconds); a neural model is not, and answers then reuse chunk similarities.
    var isLightweight: Bool { get }
    /// Whether `word` (lowercased) is a whole word of the model's own vocabulary: evidence that
    /// a word the documents never use is a real word, not a typo to correct. False for a model
    /// without a vocabulary of words.
    func knowsWord(_ word: String) -> Bool
}

extension Embedder {
    public var isLightweight: Bool { false }

    public func knowsWord(_ word: String) -> Bool { false }

    /// Embeds one text.
    public func embed(_ text: String) throws -> [Float] { try embed([text])[0] }
}

/// An embedder failure: what went wrong and what to do.
public struct EmbeddingError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
