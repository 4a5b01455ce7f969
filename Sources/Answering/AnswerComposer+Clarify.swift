import Knowledge

extension AnswerComposer {
    /// The products to ask about when a question fits two or more of them equally and names none
    /// ("How do I reset it?" — the bulb, the camera or the hub?); nil when the question is clear.
    ///
    /// Rivals are the products (of documents of `clarifyTypes`) whose best sentence scores at
    /// least `clarifyWithin` of the best sentence's score. A word of the question or of the earlier turns names a rival when it is
    /// in that product's id, its documents' titles or its best sentence, and in no other rival's:
    /// one such word makes the question clear.
    func clarification(_ candidates: [Candidate], terms: Set<String>) -> [String]? {
        guard let top = candidates.map(\.score).max(), top > 0 else { return nil }
        var best: [String: Candidate] = [:]
        for c in candidates where c.score >= configuration.clarifyWithin * top {
            let product = c.document.metadata.product
            guard !product.isEmpty, configuration.clarifyTypes.contains(c.document.metadata.type) else { continue }
            if best[product].map({ $0.score < c.score }) ?? true { best[product] = c }
        }
        guard best.count >= 2 else { return nil }
        let rivals = best.sorted { ($0.value.score, $1.key) > ($1.value.score, $0.key) }.prefix(3)
        let analyzer = retriever.knowledge.analyzer
        let words = rivals.map { product, c in
            Set(analyzer.terms(product.replacingOccurrences(of: "-", with: " ") + " " + c.document.metadata.title + " " + c.text))
        }
        for (i, own) in words.enumerated() {
            let others = words.enumerated().filter { $0.offset != i }.reduce(into: Set<String>()) { $0.formUnion($1.element) }
            if !terms.isDisjoint(with: own.subtracting(others)) { return nil }
        }
        return rivals.map { Self.displayName(product: $0.key) }
    }

    /// "lumen-eye" → "Lumen Eye".
    static func displayName(product: String) -> String {
        product.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }
}
