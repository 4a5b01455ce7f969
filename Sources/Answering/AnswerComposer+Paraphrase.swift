import Embeddings
import Knowledge
import Retrieval

extension AnswerComposer {
    /// The sentence that answers a question asked in other words than the source's, or nil: the
    /// best-scoring candidate whose own embedding is at least `paraphraseSimilarity` close to the
    /// question's and which covers at least `paraphraseCoverage` of its term weight. A follow-up
    /// ("and if it's the yearly one?") means little alone: the question read after the earlier
    /// turns is tried too. Nil when the setting is off (`paraphraseSimilarity` above 1) and with a
    /// lightweight embedder: one fitted on the corpus's own words (the built-in LSA) knows no
    /// other words for them, and its similarities run high between any sentences that share a few.
    /// - Throws: embedding errors.
    func paraphrased(_ candidates: [Candidate], question: String, earlierTurns: String) throws -> Candidate? {
        let knowledge = retriever.knowledge
        guard configuration.paraphraseSimilarity <= 1, !knowledge.embedder.isLightweight else { return nil }
        let covering = candidates.filter { $0.coverage >= configuration.paraphraseCoverage }
        if let alone = covering.filter({ $0.similarity >= configuration.paraphraseSimilarity }).max(by: {
            $0.score < $1.score
        }) {
            return alone
        }
        guard !earlierTurns.isEmpty, !covering.isEmpty else { return nil }
        let inContext = try knowledge.embedder.embed(earlierTurns + " " + question)
        var similarities: [Int64: [Double]] = [:]
        return covering.filter { c in
            let s = similarities[c.hit.chunkID] ?? knowledge.sentenceSimilarities(inContext, chunk: c.hit.chunkID)
            similarities[c.hit.chunkID] = s
            return c.position < s.count && s[c.position] >= configuration.paraphraseSimilarity
        }.max { $0.score < $1.score }
    }
}
