/// The shape of a BERT encoder. Defaults are all-MiniLM-L6-v2's (its `config.json`).
public struct BertConfiguration: Sendable, Hashable, Codable {
    public var vocabularySize = 30522
    public var hidden = 384
    public var layers = 6
    public var heads = 12
    public var intermediate = 1536
    public var maxPositions = 512
    public var typeVocabularySize = 2
    public var layerNormEpsilon: Float = 1e-12

    public init() {}

    public var headSize: Int { hidden / heads }
}
