import Engine

/// A question suite's figures: per expected outcome and per kind of question, how many the
/// engine got right, and every question's outcome.
public struct SuiteReport: Sendable, Codable {
    /// Questions of one group and how many were right.
    public struct Tally: Sendable, Codable, Hashable {
        public var name: String
        public var questions: Int
        public var correct: Int
        /// Of the questions, how many the engine answered, declined and asked back on.
        public var answered: Int
        public var declined: Int
        public var clarified: Int

        public var share: Double { questions > 0 ? Double(correct) / Double(questions) : 0 }
    }

    public var embedder: String
    public var date: String
    /// `answerable` (correct: answered, citing the expected document, saying every fact),
    /// `unanswerable` (correct: declined), `underspecified` (correct: asked back).
    public var byExpectation: [Tally]
    /// One tally per kind, in alphabetical order; a question counts under each of its kinds.
    public var byKind: [Tally]
    public var outcomes: [SuiteOutcome]
    /// Right answers that state a short fact (`GroundedAnswer.shortAnswer`), and how many of
    /// those short facts hold one of the expected facts.
    public var shortAnswers: Int
    public var shortAnswersSayingFact: Int

    public init(outcomes: [SuiteOutcome], embedder: String, date: String) {
        self.embedder = embedder
        self.date = date
        self.outcomes = outcomes
        let groups: [(String, GroundedAnswer.Status)] = [
            ("answerable", .answered), ("unanswerable", .declined),
            ("underspecified", .clarify),
        ]
        byExpectation = groups.map { name, status in Self.tally(name, outcomes.filter { $0.expected == status }) }
        let kinds = Set(outcomes.flatMap(\.kinds)).sorted()
        byKind = kinds.map { kind in Self.tally(kind, outcomes.filter { $0.kinds.contains(kind) }) }
        let short = outcomes.filter { $0.correct && $0.expected == .answered && $0.shortAnswer != nil }
        shortAnswers = short.count
        shortAnswersSayingFact = short.filter { $0.shortAnswerSaysFact == true }.count
    }

    static func tally(_ name: String, _ outcomes: [SuiteOutcome]) -> Tally {
        Tally(
            name: name, questions: outcomes.count, correct: outcomes.filter(\.correct).count,
            answered: outcomes.filter { $0.status == .answered }.count,
            declined: outcomes.filter { $0.status == .declined }.count,
            clarified: outcomes.filter { $0.status == .clarify }.count)
    }

    /// The tally of answerable, unanswerable or underspecified questions.
    public func tally(_ name: String) -> Tally? { byExpectation.first { $0.name == name } }
}
