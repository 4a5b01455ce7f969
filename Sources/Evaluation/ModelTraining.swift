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
    /// - Throws: retrieval errors from the engine.
    public func fit(
        base: GroundedEngine, questions: [Doc2DialQuestion], training record: TrainedModels.Training
    ) throws
        -> TrainedModels
    {
        let knowledge = base.knowledge
        let retrieval = base.retriever.configuration
        let answers = base.composer.configuration
        let queries = try RerankerTraining.queries(engine: base, questions: questions, depth: retrieval.rerankDepth)
        var reranked = retrieval
        reranked.reranker = try training.fit(queries.filter { !$0.conversational })
        reranked.conversationReranker = try training.fit(queries.filter(\.conversational))
        let reranking = try GroundedEngine(knowledge: knowledge, retrieval: reranked, answers: answers, models: .none)
        var choosing = answers
        choosing.sentenceModel = try training.fitSentences(
            try RerankerTraining.sentences(questions: questions) { _ in reranking })
        let picking = try GroundedEngine(knowledge: knowledge, retrieval: reranked, answers: choosing, models: .none)
        let examples = try training.answerabilityExamples(
            questions: questions, engineFor: { _ in picking }, offDomain: true
        ).flatMap { $0 }
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
