/// One sentence of an answer and the citations it names: what `QualityScorer` grades. An answer
/// given as text is split into these by its `[n]` markers; an answer the engine composed is
/// already made of them, and is scored without being rendered and read back.
public struct ClaimedSentence: Sendable, Hashable {
    /// The sentence, without markers.
    public let text: String
    /// The numbers of the citations it names (`[1]`, `[1, 2]`); none: it names no citation.
    public let markers: [Int]

    public init(text: String, markers: [Int]) {
        self.text = text
        self.markers = markers
    }
}
