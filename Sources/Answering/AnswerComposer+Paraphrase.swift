extension AnswerComposer {
    /// The sentence that answers a question asked in other words than the source's, or nil: the
    /// best-scoring candidate whose own embedding is at least `paraphraseSimilarity` close to the
    /// question's and which covers at least `paraphraseCoverage` of its term weight. Nil when
    /// the setting is off (`paraphraseSimilarity` above 1) and with a lightweight embedder: one
    /// fitted on the corpus's own words (the built-in LSA) knows no other words for them, and
    /// its similarities run high between any sentences that share a few.
    func paraphrased(_ candidates: [Candidate]) -> Candidate? {
        guard configuration.paraphraseSimilarity <= 1, !retriever.knowledge.embedder.isLightweight else { return nil }
        return candidates.filter {
            $0.similarity >= configuration.paraphraseSimilarity && $0.coverage >= configuration.paraphraseCoverage
        }.max { $0.score < $1.score }
    }
}
