import Answering
import Knowledge
import Retrieval

/// Which trained models an engine answers with.
public enum ModelChoice: Sendable {
    /// The models shipped with the product (`TrainedModelFile.shipped()`), for the index's
    /// embedder; the heuristics when the file has none for it.
    case shipped
    /// None: the fused order, the heuristic sentence score and threshold declines.
    case none
    /// The models of this file, for the index's embedder.
    case file(TrainedModelFile)

    /// The configurations an engine over `knowledge` runs with.
    /// - Throws: `TrainedModelError` when the shipped file is damaged.
    func configurations(
        for knowledge: KnowledgeBase, retrieval: RetrievalConfiguration, answers: AnswerConfiguration
    ) throws
        -> (RetrievalConfiguration, AnswerConfiguration)
    {
        let file: TrainedModelFile
        switch self {
        case .none: return (retrieval, answers)
        case .shipped: file = try TrainedModelFile.shipped()
        case .file(let f): file = f
        }
        guard let models = file.models(for: knowledge.build.kind) else { return (retrieval, answers) }
        return models.applied(to: retrieval, answers)
    }
}
