import Foundation
import GroundedCore

/// Okapi BM25 parameters.
public struct BM25Parameters: Codable, Sendable, Hashable {
    /// Term-frequency saturation. 1.2 is Robertson's and Lucene's default.
    public var k1: Double
    /// Length normalisation. 0.75 is Robertson's and Lucene's default.
    public var b: Double

    public init(k1: Double = 1.2, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
    }
}

/// A lexical hit: the caller's label and its BM25 score.
public struct LexicalHit: Hashable, Sendable {
    public let label: Int64
    public let score: Double
}

/// An inverted index scored with BM25 (Lucene's non-negative idf variant).
///
/// Thread safety: immutable after construction; any number of concurrent searches.
public struct BM25Index: Sendable {
    public let parameters: BM25Parameters
    /// term → term id
    let vocabulary: [String: Int]
    /// Postings of term t are `documents[offsets[t]..<offsets[t+1]]` with `frequencies` alongside.
    let offsets: [UInt32]
    let documents: [UInt32]
    let frequencies: [UInt16]
    let lengths: [UInt32]
    public let labels: [Int64]
    let averageLength: Double

    /// Builds the index from each document's analyzed terms (see `TextAnalyzer`).
    public init(documents docs: [(label: Int64, terms: [String])], parameters: BM25Parameters = .init()) {
        var vocabulary: [String: Int] = [:]
        var perTerm: [[(UInt32, UInt16)]] = []
        var lengths: [UInt32] = []
        for (d, doc) in docs.enumerated() {
            var tf: [Int: Int] = [:]
            for term in doc.terms {
                let id: Int
                if let known = vocabulary[term] {
                    id = known
                } else {
                    id = perTerm.count
                    vocabulary[term] = id
                    perTerm.append([])
                }
                tf[id, default: 0] += 1
            }
            for (id, f) in tf.sorted(by: { $0.key < $1.key }) {
                perTerm[id].append((UInt32(d), UInt16(min(f, Int(UInt16.max)))))
            }
            lengths.append(UInt32(doc.terms.count))
        }
        var offsets: [UInt32] = [0]
        var documents: [UInt32] = []
        var frequencies: [UInt16] = []
        for list in perTerm {
            for (d, f) in list {
                documents.append(d)
                frequencies.append(f)
            }
            offsets.append(UInt32(documents.count))
        }
        self.init(
            parameters: parameters, vocabulary: vocabulary, offsets: offsets, documents: documents,
            frequencies: frequencies, lengths: lengths, labels: docs.map(\.label))
    }

    init(
        parameters: BM25Parameters, vocabulary: [String: Int], offsets: [UInt32], documents: [UInt32],
        frequencies: [UInt16], lengths: [UInt32], labels: [Int64]
    ) {
        self.parameters = parameters
        self.vocabulary = vocabulary
        self.offsets = offsets
        self.documents = documents
        self.frequencies = frequencies
        self.lengths = lengths
        self.labels = labels
        let total = lengths.reduce(0) { $0 + Int($1) }
        self.averageLength = lengths.isEmpty ? 1 : max(Double(total) / Double(lengths.count), 1)
    }

    public var count: Int { labels.count }
    public var termCount: Int { vocabulary.count }

    /// How many documents contain `term` (an analyzed term).
    public func documentFrequency(_ term: String) -> Int {
        guard let t = vocabulary[term] else { return 0 }
        return Int(offsets[t + 1] - offsets[t])
    }

    /// Inverse document frequency, `ln(1 + (N - n + 0.5) / (n + 0.5))`; a term no document has
    /// gets the largest value, as the rarest possible term.
    public func idf(_ term: String) -> Double { idf(documentFrequency: documentFrequency(term)) }

    func idf(documentFrequency n: Int) -> Double {
        log(1 + (Double(count) - Double(n) + 0.5) / (Double(n) + 0.5))
    }

    /// The `k` best documents for the analyzed query terms, best first.
    /// - Parameter filter: when given, only labels it accepts are returned.
    public func search(_ terms: [String], k: Int, filter: ((Int64) -> Bool)? = nil) -> [LexicalHit] {
        guard k > 0, count > 0 else { return [] }
        var queryTF: [Int: Int] = [:]
        for term in terms { if let t = vocabulary[term] { queryTF[t, default: 0] += 1 } }
        guard !queryTF.isEmpty else { return [] }
        var scores = [Double](repeating: 0, count: count)
        var touched: [Int] = []
        let k1 = parameters.k1
        let b = parameters.b
        for (t, qtf) in queryTF.sorted(by: { $0.key < $1.key }) {
            let start = Int(offsets[t])
            let end = Int(offsets[t + 1])
            let idf = idf(documentFrequency: end - start) * Double(qtf)
            for p in start..<end {
                let d = Int(documents[p])
                let f = Double(frequencies[p])
                let norm = k1 * (1 - b + b * Double(lengths[d]) / averageLength)
                if scores[d] == 0 { touched.append(d) }
                scores[d] += idf * f * (k1 + 1) / (f + norm)
            }
        }
        var hits: [LexicalHit] = []
        hits.reserveCapacity(touched.count)
        for d in touched where filter?(labels[d]) ?? true {
            hits.append(LexicalHit(label: labels[d], score: scores[d]))
        }
        hits.sort { $0.score != $1.score ? $0.score > $1.score : $0.label < $1.label }
        return Array(hits.prefix(k))
    }
}
