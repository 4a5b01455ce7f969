import Engine
import Foundation

/// Fits the models `ask` and `serve` answer with on labelled questions, in the order the engine
/// uses them: the rerankers on every question's retrieved candidates, then the sentence model on
/// the candidates the reranked engine reads, then the answerability model on the answers that
/// engine would lead with (with the whole index, and with the gold document removed). Unlike
/// `CrossValidatedEngines`, every question given is training data: keep the questions you
/// score on out of it.
public struct ModelTraining: Sendable {
    public var training = RerankerTraining()
    /// The decline threshold is the highest probability that declines at most this share of the
    /// training answers that help. Default 0.08: the bound on answerable questions
    /// declined.
    public var usefulDeclineBudget = 0.08
    /// The coverage floor is the highest coverage that declines at most this share of the
    /// training answers that help. Default 0.02: a floor for questions about words the sources
    /// never use, not a second rule.
    public var coverageFloorBudget = 0.02

    /// Whether to fit the answerability model; without it the engine keeps threshold declines.
    public var fitsDeclines = true

    public init() {}

    /// The fitted models, with the share of unhelpful answers the threshold declines on the
    /// training questions (`figures["trainingUnhelpfulDeclined"]`).
    ///
    /// With `reviews`, the answers reviewers found correct are labelled questions like the others
    /// (asked of an engine over the documents they cite), and the answers found incorrect or
    /// harmful are answerability examples of what not to give (`ReviewTrainingSet`).
    /// - Throws: retrieval errors from the engine.
    public func fit(
        base: GroundedEngine, questions: [Doc2DialQuestion], reviews: ReviewTrainingSet? = nil,
        training record: TrainedModels.Training
    ) throws
        -> TrainedModels
    {
        let knowledge = base.knowledge
        let retrieval = base.retriever.configuration
        let answers = base.composer.configuration
        let reviewed = reviews?.correct ?? []
        let fromReviews = Set(reviewed.map(\.id))
        var queries = try RerankerTraining.queries(engine: base, questions: questions, depth: retrieval.rerankDepth)
        if let reviews {
            queries += try RerankerTraining.queries(
                engine: reviews.engine, questions: reviewed, depth: retrieval.rerankDepth)
        }
        var reranked = retrieval
        reranked.reranker = try training.fit(queries.filter { !$0.conversational })
        reranked.conversationReranker = try training.fit(queries.filter(\.conversational))
        // The same configuration over each knowledge base: the public one and the reviews' own.
        func engines(_ answering: AnswerConfiguration) throws -> (GroundedEngine, GroundedEngine?) {
            (
                try GroundedEngine(knowledge: knowledge, retrieval: reranked, answers: answering, models: .none),
                try reviews.map {
                    try GroundedEngine(
                        knowledge: $0.engine.knowledge, retrieval: reranked, answers: answering, models: .none)
                }
            )
        }
        let (reranking, reviewReranking) = try engines(answers)
        var choosing = answers
        choosing.sentenceModel = try training.fitSentences(
            try RerankerTraining.sentences(questions: questions + reviewed) {
                fromReviews.contains($0.id) ? reviewReranking ?? reranking : reranking
            })
        let (picking, reviewPicking) = try engines(choosing)
        var examples = try training.answerabilityExamples(
            questions: questions + reviewed,
            engineFor: { fromReviews.contains($0.id) ? reviewPicking ?? picking : picking }, offDomain: true
        ).flatMap { $0 }
        if let reviews, let reviewPicking { examples += try reviews.rejectedExamples(engine: reviewPicking) }
        let answerability = try training.fitAnswerability(examples)
        let threshold = Self.threshold(
            examples.map { (answerability.probability($0.features), $0.useful) }, budget: usefulDeclineBudget)
        let floor = Self.threshold(examples.map { ($0.features.coverage, $0.useful) }, budget: coverageFloorBudget)
        var record = record
        let unhelpful = examples.filter { !$0.useful }
        record.figures["trainingUnhelpfulDeclined"] =
            unhelpful.isEmpty
            ? 0
            : Double(unhelpful.filter { answerability.probability($0.features) < threshold }.count)
                / Double(unhelpful.count)
        record.figures["trainingExamples"] = Double(examples.count)
        record.figures["trainingUnhelpfulBelowCoverageFloor"] =
            unhelpful.isEmpty
            ? 0
            : Double(unhelpful.filter { $0.features.coverage < floor }.count) / Double(unhelpful.count)
        return TrainedModels(
            embedder: knowledge.build.kind, embedderIdentifier: knowledge.embedder.identifier,
            reranker: reranked.reranker!, conversationReranker: reranked.conversationReranker,
            sentenceModel: choosing.sentenceModel!, answerabilityModel: fitsDeclines ? answerability : nil,
            declineProbabilityBelow: threshold, coverageFloor: floor, training: record)
    }

    /// The highest probability below which at most `budget` of the useful examples fall.
    static func threshold(_ scored: [(probability: Double, useful: Bool)], budget: Double) -> Double {
        let useful = scored.filter(\.useful).map(\.probability).sorted()
        guard !useful.isEmpty else { return 0.5 }
        let allowed = Int((budget * Double(useful.count)).rounded(.down))
        return allowed < useful.count ? useful[allowed] : 1
    }
}
