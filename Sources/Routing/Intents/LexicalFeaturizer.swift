import Foundation
import GroundedCore

/// TF-IDF features of short messages, the lexical half of the intent classifier's input: word
/// unigrams and bigrams in one block, character 3- to 5-grams of each space-padded word in another
/// (spelling variants and typos share most of them). Term frequencies are sublinear (1 + ln tf),
/// idf is smoothed (ln((1 + n) / (1 + df)) + 1), and each block is L2-normalised on its own.
///
/// Features are keyed by a 64-bit FNV-1a hash of the n-gram, so the vocabulary holds no strings.
/// Thread safety: an immutable value.
struct LexicalFeaturizer: Sendable, Equatable {
    /// Hash → feature index; word features come first, then character features.
    let vocabulary: [UInt64: Int32]
    /// Inverse document frequency per feature index.
    let idf: [Float]
    /// Indices below this are word features.
    let wordFeatureCount: Int

    var featureCount: Int { idf.count }

    /// Fits the vocabulary and idf on `texts`, keeping features seen in at least
    /// `minimumDocumentFrequency` of them.
    init(fitting texts: [String], minimumDocumentFrequency: Int) {
        var wordDF: [UInt64: Int32] = [:]
        var charDF: [UInt64: Int32] = [:]
        for text in texts {
            let grams = Self.grams(text)
            for key in Set(grams.words) { wordDF[key, default: 0] += 1 }
            for key in Set(grams.characters) { charDF[key, default: 0] += 1 }
        }
        var vocabulary: [UInt64: Int32] = [:]
        var idf: [Float] = []
        let n = Float(texts.count)
        func admit(_ df: [UInt64: Int32]) {
            for (key, count) in df.sorted(by: { $0.key < $1.key }) where Int(count) >= minimumDocumentFrequency {
                vocabulary[key] = Int32(idf.count)
                idf.append(log((1 + n) / (1 + Float(count))) + 1)
            }
        }
        admit(wordDF)
        let words = idf.count
        admit(charDF)
        self.init(vocabulary: vocabulary, idf: idf, wordFeatureCount: words)
    }

    init(vocabulary: [UInt64: Int32], idf: [Float], wordFeatureCount: Int) {
        self.vocabulary = vocabulary
        self.idf = idf
        self.wordFeatureCount = wordFeatureCount
    }

    /// The features of `text`, indices ascending; unknown n-grams are dropped.
    func features(_ text: String) -> SparseFeatures {
        let grams = Self.grams(text)
        var out = SparseFeatures()
        appendBlock(grams.words, to: &out)
        appendBlock(grams.characters, to: &out)
        return out
    }

    private func appendBlock(_ keys: [UInt64], to out: inout SparseFeatures) {
        var counts: [Int32: Float] = [:]
        for key in keys { if let index = vocabulary[key] { counts[index, default: 0] += 1 } }
        let entries = counts.sorted { $0.key < $1.key }.map { ($0.key, (1 + log($0.value)) * idf[Int($0.key)]) }
        let norm = entries.reduce(Float(0)) { $0 + $1.1 * $1.1 }.squareRoot()
        guard norm > 0 else { return }
        for (index, value) in entries {
            out.indices.append(index)
            out.values.append(value / norm)
        }
    }

    /// Hashed word 1- and 2-grams and character 3- to 5-grams of `text`, lowercased.
    static func grams(_ text: String) -> (words: [UInt64], characters: [UInt64]) {
        let lowered = text.lowercased()
        var words: [UInt64] = []
        var characters: [UInt64] = []
        var previous: UInt64? = nil
        for token in lowered.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) {
            let key = hash(token.unicodeScalars, seed: 1)
            words.append(key)
            if let p = previous { words.append(combine(p, key)) }
            previous = key
        }
        for word in lowered.split(whereSeparator: \.isWhitespace) {
            let scalars = [" "] + Array(word.unicodeScalars) + [" "]
            for n in 3...5 {
                if scalars.count <= n {
                    characters.append(hash(scalars[...], seed: 3))
                    break
                }
                for start in 0...(scalars.count - n) { characters.append(hash(scalars[start..<(start + n)], seed: 3)) }
            }
        }
        return (words, characters)
    }

    private static func hash<S: Sequence>(_ scalars: S, seed: UInt64) -> UInt64 where S.Element == Unicode.Scalar {
        FNV1a.hash(scalars.lazy.map(\.value), basis: FNV1a.offsetBasis ^ seed)
    }

    private static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        (a &* 0x9e37_79b9_7f4a_7c15) ^ (b &+ 0x2545_f491_4f6c_dd1d) ^ 2
    }
}
