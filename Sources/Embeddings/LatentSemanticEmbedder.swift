import CLAPACKE
import Foundation
import GroundedCore

/// The built-in embedder: latent semantic analysis over hashed word and word-pair features.
///
/// Fitting weighs each text's features by sublinear TF × smoothed IDF, L2-normalises the rows of
/// the text × feature matrix X, and computes the top singular vectors through the eigenvectors of
/// the Gram matrix X·Xᵀ (LAPACK `ssyevr`). A text embeds as its weighted feature vector times
/// V = Xᵀ·U·Σ⁻¹, L2-normalised. Needs no download, is deterministic, and is saved with the index
/// so that queries are embedded with exactly the model that embedded the corpus.
///
/// Thread safety: immutable; `embed` may run concurrently.
public struct LatentSemanticEmbedder: Embedder {
    public let configuration: LatentSemanticConfiguration
    public let dimension: Int
    /// feature id → row of `projection`
    let rows: [UInt64: Int32]
    /// IDF of each kept feature, by row.
    let idf: [Float]
    /// Row-major `rows.count × dimension`.
    let projection: [Float]
    /// How many texts the model was fitted on.
    public let fittedTexts: Int
    let analyzer = TextAnalyzer()

    public var identifier: String {
        "lsa-v1:d\(dimension):f\(rows.count):n\(fittedTexts):\(String(checksum, radix: 16))"
    }

    /// A checksum over the model, so two models fitted on different corpora never share an identifier.
    let checksum: UInt64

    init(
        configuration: LatentSemanticConfiguration, dimension: Int, rows: [UInt64: Int32], idf: [Float],
        projection: [Float], fittedTexts: Int
    ) {
        self.configuration = configuration
        self.dimension = dimension
        self.rows = rows
        self.idf = idf
        self.projection = projection
        self.fittedTexts = fittedTexts
        var c = Checksum64()
        projection.withUnsafeBytes { c.update($0) }
        idf.withUnsafeBytes { c.update($0) }
        self.checksum = c.finalized
    }

    public var featureCount: Int { rows.count }

    /// A sentence vector costs microseconds: answers may embed every candidate sentence.
    public var isLightweight: Bool { true }

    public func embed(_ texts: [String]) throws -> [[Float]] {
        texts.map { embedOne($0) }
    }

    func embedOne(_ text: String) -> [Float] {
        var out = [Float](repeating: 0, count: dimension)
        let weighted = weights(configuration.features.counts(text, analyzer: analyzer))
        out.withUnsafeMutableBufferPointer { o in
            projection.withUnsafeBufferPointer { p in
                for (row, w) in weighted {
                    let base = p.baseAddress! + row * dimension
                    for j in 0..<dimension { o[j] += w * base[j] }
                }
            }
        }
        var norm: Float = 0
        for v in out { norm += v * v }
        if norm > 0 {
            let inv = 1 / norm.squareRoot()
            for j in 0..<dimension { out[j] *= inv }
        }
        return out
    }

    /// Known features of a text with their TF-IDF weights, L2-normalised.
    func weights(_ counts: [UInt64: Int]) -> [(Int, Float)] {
        var out: [(Int, Float)] = []
        var norm: Float = 0
        for (f, n) in counts {
            guard let row = rows[f] else { continue }
            let w = (1 + Float(log(Double(n)))) * idf[Int(row)]
            out.append((Int(row), w))
            norm += w * w
        }
        guard norm > 0 else { return [] }
        // A fixed order: dictionary order varies between instances, float sums must not.
        out.sort { $0.0 < $1.0 }
        norm = out.reduce(0) { $0 + $1.1 * $1.1 }
        let inv = 1 / norm.squareRoot()
        return out.map { ($0.0, $0.1 * inv) }
    }
}

extension LatentSemanticEmbedder {
    /// Fits the model on a corpus.
    /// - Parameter texts: the corpus (usually its chunks); at most `maxFitTexts`, evenly sampled, are used.
    /// - Throws: `EmbeddingError` when the configuration is invalid, the corpus has no usable
    ///   features, or LAPACK fails.
    public static func fit(
        _ texts: [String], configuration: LatentSemanticConfiguration = .init()
    ) throws -> LatentSemanticEmbedder {
        try configuration.validate()
        guard !texts.isEmpty else {
            throw EmbeddingError("cannot fit an embedder on an empty corpus: ingest at least one document")
        }
        let sample: [String]
        if texts.count <= configuration.maxFitTexts {
            sample = texts
        } else {
            let step = Double(texts.count) / Double(configuration.maxFitTexts)
            sample = (0..<configuration.maxFitTexts).map { texts[Int(Double($0) * step)] }
        }
        let n = sample.count
        let analyzer = TextAnalyzer()
        let counts = sample.map { configuration.features.counts($0, analyzer: analyzer) }

        // Keep features seen in enough texts (all of them for a tiny corpus).
        var df: [UInt64: Int] = [:]
        for c in counts { for f in c.keys { df[f, default: 0] += 1 } }
        let minDF = n < 20 ? 1 : configuration.minDocumentFrequency
        let kept = df.filter { $0.value >= minDF }.keys.sorted()
        guard !kept.isEmpty else {
            throw EmbeddingError("the corpus has no words to learn from: check the documents have text")
        }
        var rows: [UInt64: Int32] = [:]
        rows.reserveCapacity(kept.count)
        for (i, f) in kept.enumerated() { rows[f] = Int32(i) }
        let idf = kept.map { Float(log(Double(1 + n) / Double(1 + df[$0]!)) + 1) }

        // X as postings per feature: (text, weight).
        let partial = LatentSemanticEmbedder(
            configuration: configuration, dimension: 1, rows: rows, idf: idf,
            projection: [], fittedTexts: n)
        var postings = [[(Int32, Float)]](repeating: [], count: kept.count)
        for (i, c) in counts.enumerated() {
            for (row, w) in partial.weights(c) { postings[row].append((Int32(i), w)) }
        }

        // Gram matrix G = X·Xᵀ (upper triangle, row-major).
        var gram = [Float](repeating: 0, count: n * n)
        gram.withUnsafeMutableBufferPointer { g in
            for list in postings {
                for a in 0..<list.count {
                    let (i, wi) = list[a]
                    let rowBase = Int(i) * n
                    for b in a..<list.count {
                        let (j, wj) = list[b]
                        g[rowBase + Int(j)] += wi * wj
                    }
                }
            }
        }
        let k = min(configuration.dimension, max(1, n - 1), kept.count)
        let (values, vectors) = try topEigenpairs(&gram, n: n, k: k)

        // V = Xᵀ·U·Σ⁻¹, skipping directions with no energy.
        let usable = values.enumerated().filter { $0.element > 1e-6 }.map(\.offset)
        guard !usable.isEmpty else {
            throw EmbeddingError("the corpus matrix has rank 0: add documents with more text")
        }
        let d = usable.count
        var projection = [Float](repeating: 0, count: kept.count * d)
        let inverseSigma = usable.map { 1 / values[$0].squareRoot() }
        for (f, list) in postings.enumerated() {
            for (i, w) in list {
                let uBase = Int(i) * k
                for (c, e) in usable.enumerated() {
                    projection[f * d + c] += w * vectors[uBase + e] * inverseSigma[c]
                }
            }
        }
        return LatentSemanticEmbedder(
            configuration: configuration, dimension: d, rows: rows, idf: idf,
            projection: projection, fittedTexts: n)
    }

    /// The `k` largest eigenvalues of the symmetric `n × n` matrix (upper triangle used), largest
    /// first, and their eigenvectors as the columns of a row-major `n × k` matrix.
    static func topEigenpairs(_ a: inout [Float], n: Int, k: Int) throws -> ([Float], [Float]) {
        var found: Int32 = 0
        var w = [Float](repeating: 0, count: n)
        var z = [Float](repeating: 0, count: n * k)
        var support = [Int32](repeating: 0, count: 2 * max(1, k))
        let info = LAPACKE_ssyevr(
            LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "I")),
            CChar(UInt8(ascii: "U")), Int32(n), &a, Int32(n), 0, 0,
            Int32(n - k + 1), Int32(n), 0, &found, &w, &z, Int32(k), &support)
        guard info == 0, Int(found) == k else {
            throw EmbeddingError("LAPACK ssyevr failed (info \(info), \(found) of \(k) eigenpairs)")
        }
        // ssyevr returns ascending order: reverse to largest first.
        let values = (0..<k).map { w[k - 1 - $0] }
        var vectors = [Float](repeating: 0, count: n * k)
        for i in 0..<n { for c in 0..<k { vectors[i * k + c] = z[i * k + (k - 1 - c)] } }
        return (values, vectors)
    }
}
