import GroundedCore

/// Hashed lexical features of a text: analyzed words and adjacent word pairs, each identified by a
/// stable 64-bit hash of its text (stable across processes, unlike `Hasher`).
public struct FeatureExtractor: Sendable, Hashable, Codable {
    /// Whether adjacent-term pairs ("credit card", "return window") are features too.
    public var bigrams: Bool

    public init(bigrams: Bool = true) { self.bigrams = bigrams }

    /// Feature id → raw count.
    public func counts(_ text: String, analyzer: TextAnalyzer = TextAnalyzer()) -> [UInt64: Int] {
        let terms = analyzer.terms(text)
        var out: [UInt64: Int] = [:]
        for t in terms { out[Self.id(t), default: 0] += 1 }
        if bigrams, terms.count > 1 {
            for i in 1..<terms.count { out[Self.id(terms[i - 1] + " " + terms[i]), default: 0] += 1 }
        }
        return out
    }

    static func id(_ feature: String) -> UInt64 { Checksum64.of(Array(feature.utf8)) }
}
