import Engine

/// Engines whose reranker and sentence model were fitted without the questions they will be
/// asked: k folds by dialogue, each fold's engine fitted on the other folds' questions. All share
/// one opened index.
public struct CrossValidatedEngines: Sendable {
    public let engines: [GroundedEngine]
    public let folds: Int
    /// The single-query reranker fitted on every question (for display; never used to score).
    public let fullReranker: LinearReranker
    /// The reranker's training data: every question's fused candidates with their features and
    /// relevance (single-query and conversational), as the folds were fitted on.
    public let rerankQueries: [RerankerTraining.Query]

    /// The fold a question belongs to, and so the engine that answers it.
    public var fold: @Sendable (Doc2DialQuestion) -> Int {
        let folds = folds
        return { RerankerTraining.fold(of: $0, folds: folds) }
    }

    /// Fits the rerankers (single-query and conversational) per fold, then the sentence models,
    /// whose candidates come from each question's own fold engine, then (with `declines`) the
    /// answerability models that decide declines, from the answers those engines would give.
    /// - Throws: retrieval errors from the base engine.
    public init(
        base: GroundedEngine, questions: [Doc2DialQuestion], folds: Int = 5, declines: Bool = true,
        training: RerankerTraining = .init()
    ) throws {
        let fold: @Sendable (Doc2DialQuestion) -> Int = { RerankerTraining.fold(of: $0, folds: folds) }
        let retrieval = base.retriever.configuration
        let answers = base.composer.configuration
        let all = try RerankerTraining.queries(engine: base, questions: questions, depth: retrieval.rerankDepth)
        let reranking = try (0..<folds).map { k in
            let rest = all.filter { fold(questions[$0.questionIndex]) != k }
            var configuration = retrieval
            configuration.reranker = try training.fit(rest.filter { !$0.conversational })
            configuration.conversationReranker = try training.fit(rest.filter(\.conversational))
            return try GroundedEngine(
                knowledge: base.knowledge, retrieval: configuration, answers: answers, models: .none)
        }
        let groups = try RerankerTraining.sentences(questions: questions) { reranking[fold($0)] }
        let choosing = try (0..<folds).map { k in
            var a = answers
            a.sentenceModel = try training.fitSentences(
                questions.indices.filter { fold(questions[$0]) != k }.map { groups[$0] })
            return try GroundedEngine(
                knowledge: base.knowledge, retrieval: reranking[k].retriever.configuration, answers: a, models: .none)
        }
        if declines {
            let examples = try training.answerabilityExamples(questions: questions) { choosing[fold($0)] }
            engines = try (0..<folds).map { k in
                var a = choosing[k].composer.configuration
                a.answerabilityModel = try training.fitAnswerability(
                    questions.indices.filter { fold(questions[$0]) != k }.flatMap { examples[$0] })
                return try GroundedEngine(
                    knowledge: base.knowledge, retrieval: choosing[k].retriever.configuration, answers: a, models: .none
                )
            }
        } else {
            engines = choosing
        }
        self.folds = folds
        rerankQueries = all
        fullReranker = try training.fit(all.filter { !$0.conversational })
    }
}
