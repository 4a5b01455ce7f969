import Answering
import Engine
import Retrieval

extension ServiceDesk {
    /// The explanation of an answer made under `filter`: the engine's (sources, sentences, the
    /// alternatives weighed, a decline's code) with what it was made from — profile fields,
    /// filters, documents in effect, feedback priors applied, policy versions and the index build.
    func explanation(of answer: GroundedAnswer, filter: RetrievalFilter) -> AnswerExplanation {
        AnswerExplanation(
            answer,
            used: ExplanationInputs(
                filter: filter, knowledge: engine.knowledge, sources: answer.sources,
                profileConfiguration: engine.retriever.configuration.profile, policyVersions: policies.versions()))
    }
}
