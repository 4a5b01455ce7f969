import Engine
import Foundation

/// Scores an engine on a question suite: each question asked as its customer would ask it
/// (their conversation, profile, date and audience), each answer graded by `SuiteOutcome`.
///
/// Thread safety: immutable; `run` asks questions from several threads.
public struct SuiteEvaluation: Sendable {
    /// The date questions without their own are asked on. Fixed, so that figures do not change
    /// as dated policies take effect (`Corpus/` has a shipping policy effective 2027-01-01).
    public static let defaultDate = "2026-06-01"

    public let engine: GroundedEngine
    public let questions: [SuiteQuestion]
    public var date: String
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init(engine: GroundedEngine, questions: [SuiteQuestion], date: String = SuiteEvaluation.defaultDate) {
        self.engine = engine
        self.questions = questions
        self.date = date
    }

    /// The filter a question is asked with.
    public func filter(for q: SuiteQuestion) -> RetrievalFilter {
        RetrievalFilter(audiences: Set(q.audiences), asOf: q.asOf ?? date, profile: q.profile)
    }

    /// Every question's outcome, in suite order, and the figures.
    /// - Throws: the engine's errors (a damaged index).
    public func run() throws -> SuiteReport {
        let outcomes = try parallelMap(questions.count, threads: threads) { i in
            let q = questions[i]
            return SuiteOutcome(question: q, answer: try engine.ask(conversation: q.turns, filter: filter(for: q)))
        }
        return SuiteReport(outcomes: outcomes, embedder: engine.knowledge.embedder.identifier, date: date)
    }
}
