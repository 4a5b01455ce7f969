import Embeddings
import Foundation
import GroundedCore
import Knowledge
import LexicalIndex
import VectorIndex

extension QualityScorer {
    /// Passages of the knowledge base read for the reference: this many by words and as many by
    /// meaning.
    static let referencePassages = 10

    /// The bar below which an answer is off the question: the configuration's, else the one
    /// chosen for the embedder scored with.
    public var relevanceBar: Double {
        configuration.relevantAtLeast
            ?? QualityScoringConfiguration.relevanceBar(for: embedder == nil ? nil : knowledge.build.kind)
    }

    /// How well `claims` address `question`, 0 … 1, against the knowledge base's best passages
    /// for it (1: as well as the best of them, or better).
    /// - Throws: the embedder's error.
    func relevance(of claims: [String], to question: String) throws -> Double {
        let analyzer = knowledge.analyzer
        let terms = Set(analyzer.terms(question))
        let asked = terms.sorted().map { ($0, knowledge.lexical.idf($0)) }
        let total = asked.reduce(0) { $0 + $1.1 }
        func coverage(_ said: Set<String>) -> Double {
            total > 0 ? asked.reduce(0) { $0 + (said.contains($1.0) ? $1.1 : 0) } / total : 0
        }
        let w = embedder == nil ? 1 : configuration.lexicalWeight
        func blend(_ coverage: Double, _ similarity: Double) -> Double { w * coverage + (1 - w) * max(0, similarity) }
        let claimed = coverage(Set(claims.flatMap { analyzer.terms($0) }))
        var answer = claimed
        var questionVector: [Float]? = nil
        if let embedder, !claims.isEmpty {
            let vectors = try embedder.embed([question, claims.joined(separator: " ")])
            questionVector = vectors[0]
            answer = blend(claimed, Self.cosine(vectors[0], vectors[1]))
        }
        // The reference: the best passages by words and by meaning, each as the answer is measured.
        var passages = Set(knowledge.lexical.search(Array(terms), k: Self.referencePassages).map(\.label))
        if let questionVector {
            let hits = try knowledge.vectors.search(questionVector, k: Self.referencePassages, ef: nil, filter: nil)
            passages.formUnion(hits.map(\.label))
        }
        // Each passage sentence by sentence: an answer is a few sentences, not a whole passage.
        var best = 0.0
        for id in passages {
            guard let chunk = knowledge.chunks[id] else { continue }
            let text = knowledge.document(of: chunk).text
            let similarities = questionVector.map { knowledge.sentenceSimilarities($0, chunk: id) } ?? []
            for (i, span) in chunk.sentences.enumerated() {
                let covered = coverage(Set(analyzer.terms(text.slice(span))))
                best = max(best, i < similarities.count ? blend(covered, similarities[i]) : w * covered)
            }
        }
        guard answer > 0 else { return 0 }
        return min(1, answer / max(best, answer))
    }
}
