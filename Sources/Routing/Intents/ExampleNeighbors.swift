import CBLAS

/// The training examples' sentence embeddings, to tell how near a message falls to them: its
/// nearest in-scope examples, its nearest out-of-scope example, each intent's centre (the
/// normalised mean of its examples), and how its nearest examples vote (`ExampleVote`).
///
/// Thread safety: an immutable value.
struct ExampleNeighbors: Sendable {
    /// How near one message falls to the examples (cosine similarities).
    struct Nearness: Sendable, Hashable {
        /// To the nearest in-scope example.
        var nearest: Float
        /// Mean over the `k` nearest in-scope examples.
        var nearestK: Float
        /// To the nearest out-of-scope example; nil when none was taught.
        var outOfScope: Float?
        /// To each class centre (indexed like the classes).
        var centroids: [Float]
        /// The nearest examples' votes, a distribution over the classes (`ExampleVote.shares`);
        /// empty when no example was asked to vote.
        var votes: [Float] = []
    }

    let dimension: Int
    /// Unit-length in-scope embeddings, row-major.
    let inScope: [Float]
    /// The class of each in-scope row.
    let inScopeLabels: [Int32]
    /// Unit-length out-of-scope embeddings, row-major (empty when none were taught).
    let outOfScope: [Float]
    /// The out-of-scope class, which every out-of-scope row votes for.
    let outOfScopeClass: Int?
    /// Unit-length centre of each class (zero for the out-of-scope class), row-major.
    let centroids: [Float]

    /// - Parameters:
    ///   - embeddings: one per example, unit length.
    ///   - labels: each example's class in `0 ..< classes`.
    ///   - outOfScopeClass: the out-of-scope class, if any.
    init(embeddings: [[Float]], labels: [Int], classes: Int, outOfScopeClass: Int?) {
        dimension = embeddings.first?.count ?? 0
        var inScope: [Float] = []
        var inScopeLabels: [Int32] = []
        var outOfScope: [Float] = []
        var sums = [Float](repeating: 0, count: classes * dimension)
        for (e, label) in zip(embeddings, labels) {
            if label == outOfScopeClass {
                outOfScope += e
                continue
            }
            inScope += e
            inScopeLabels.append(Int32(label))
            for j in 0..<dimension { sums[label * dimension + j] += e[j] }
        }
        for c in 0..<classes {
            let row = sums[(c * dimension)..<((c + 1) * dimension)]
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { for j in 0..<dimension { sums[c * dimension + j] /= norm } }
        }
        self.inScope = inScope
        self.inScopeLabels = inScopeLabels
        self.outOfScope = outOfScope
        self.outOfScopeClass = outOfScopeClass
        centroids = sums
    }

    /// For each unit-length `query`: similarity to the nearest in-scope example, mean similarity to
    /// the `k` nearest, similarity to the nearest out-of-scope example (nil when none), to each
    /// class centre, and the votes of its `voters` nearest examples of any class (none when 0).
    func measure(_ queries: [[Float]], k: Int = 5, voters: Int = 0) -> [Nearness] {
        guard dimension > 0 else { return [] }
        // A few hundred queries at a time bounds the similarity matrices held at once.
        guard queries.count <= 256 else {
            return stride(from: 0, to: queries.count, by: 256).flatMap {
                measure(Array(queries[$0..<min($0 + 256, queries.count)]), k: k, voters: voters)
            }
        }
        let q = queries.flatMap { $0 }
        let inScopeSims = Self.similarities(q, queries.count, inScope, dimension)
        let outSims = outOfScope.isEmpty ? nil : Self.similarities(q, queries.count, outOfScope, dimension)
        let centroidSims = Self.similarities(q, queries.count, centroids, dimension)
        let nIn = inScope.count / dimension
        let nOut = outOfScope.count / dimension
        let classes = centroids.count / dimension
        return queries.indices.map { i in
            let row = inScopeSims[(i * nIn)..<((i + 1) * nIn)]
            // One pass ranks the in-scope examples for both the nearness figures and the votes.
            let ranked = Self.largest(
                zip(row, inScopeLabels).lazy.map { (similarity: $0, label: Int($1)) }, max(k, voters))
            let top = ranked.prefix(k).map(\.similarity)
            let outRow = outSims.map { $0[(i * nOut)..<((i + 1) * nOut)] }
            var nearness = Nearness(
                nearest: top.first ?? -1, nearestK: top.isEmpty ? -1 : top.reduce(0, +) / Float(top.count),
                outOfScope: outRow.map { $0.max() ?? -1 },
                centroids: Array(centroidSims[(i * classes)..<((i + 1) * classes)]))
            if voters > 0 {
                let outOfScopeVotes = Self.largest(
                    (outRow ?? []).lazy.map { (similarity: $0, label: outOfScopeClass ?? 0) }, voters)
                nearness.votes = ExampleVote.shares(
                    Self.largest(ranked.prefix(voters) + outOfScopeVotes, voters), classes: classes)
            }
            return nearness
        }
    }

    /// The `k` items of largest similarity, largest first (on a tie, the earlier first).
    static func largest(
        _ items: some Sequence<(similarity: Float, label: Int)>, _ k: Int
    ) -> [(similarity: Float, label: Int)] {
        var top: [(similarity: Float, label: Int)] = []
        for item in items where top.count < k || item.similarity > top[top.count - 1].similarity {
            let at = top.firstIndex { $0.similarity < item.similarity } ?? top.count
            top.insert(item, at: at)
            if top.count > k { top.removeLast() }
        }
        return top
    }

    /// `queries · rowsᵀ`, row-major (`count × rows`), through BLAS.
    static func similarities(_ queries: [Float], _ count: Int, _ rows: [Float], _ dimension: Int) -> [Float] {
        let n = rows.count / dimension
        guard n > 0 else { return [] }
        var out = [Float](repeating: 0, count: count * n)
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(n), Int32(dimension), 1, queries,
            Int32(dimension), rows, Int32(dimension), 0, &out, Int32(n))
        return out
    }
}
