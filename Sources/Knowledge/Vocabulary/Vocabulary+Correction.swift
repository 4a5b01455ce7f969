extension Vocabulary {
    /// The document word one edit (an inserted, deleted, changed or swapped letter) from `word`,
    /// the most frequent when several are; nil when `word` is itself a document word, shorter
    /// than `minimumCorrectable`, has no letter, or nothing is one edit away.
    public func correction(for word: String) -> String? {
        guard word.count >= Self.minimumCorrectable, word.contains(where: \.isLetter), !contains(word) else {
            return nil
        }
        var candidates: Set<String> = []
        for v in Self.deletions(of: word) { candidates.formUnion(variants[v] ?? []) }
        return candidates.filter { Self.isOneEdit(word, $0) }
            .max { (counts[$0] ?? 0, $1) < (counts[$1] ?? 0, $0) }
    }

    /// Whether `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours
    /// (the optimal-string-alignment distance is 1).
    static func isOneEdit(_ a: String, _ b: String) -> Bool {
        let x = Array(a)
        let y = Array(b)
        guard x != y, abs(x.count - y.count) <= 1 else { return false }
        if x.count == y.count {
            let diffs = x.indices.filter { x[$0] != y[$0] }
            if diffs.count == 1 { return true }
            return diffs.count == 2 && diffs[1] == diffs[0] + 1 && x[diffs[0]] == y[diffs[1]]
                && x[diffs[1]] == y[diffs[0]]
        }
        let (short, long) = x.count < y.count ? (x, y) : (y, x)
        var i = 0
        while i < short.count, short[i] == long[i] { i += 1 }
        return short[i...] == long[(i + 1)...]
    }
}
