import Knowledge
import Retrieval

/// The fitted models the engine answers with for indexes of one embedder: the reranker (one for
/// single questions, one for conversations), the sentence model that picks the answer, and the
/// answerability model with the probability below which it declines. `grounded-lab train` fits
/// them; `Training` records on what, how, and with which figures.
public struct TrainedModels: Sendable, Codable, Hashable {
    /// What the models were fitted on and how they scored.
    public struct Training: Sendable, Codable, Hashable {
        /// The command that fitted them.
        public var command: String
        /// The question files, each with its SHA-256 and the questions used.
        public var data: [DataFile]
        /// What was kept out of training so that figures on it are honest.
        public var heldOut: String
        /// For a question file split by dialogue: the number of parts and the part held out
        /// (`RerankerTraining.fold`), so an evaluation can score exactly the held-out questions.
        public var parts: Int?
        public var heldOutPart: Int?
        /// Figures measured on the held-out data when the models were fitted (name → value).
        public var figures: [String: Double]
        /// `YYYY-MM-DD`.
        public var date: String

        public init(
            command: String, data: [DataFile], heldOut: String, parts: Int? = nil, heldOutPart: Int? = nil,
            figures: [String: Double], date: String
        ) {
            self.command = command
            self.data = data
            self.heldOut = heldOut
            self.parts = parts
            self.heldOutPart = heldOutPart
            self.figures = figures
            self.date = date
        }
    }

    /// One training file.
    public struct DataFile: Sendable, Codable, Hashable {
        public var path: String
        public var sha256: String
        public var questions: Int

        public init(path: String, sha256: String, questions: Int) {
            self.path = path
            self.sha256 = sha256
            self.questions = questions
        }
    }

    /// The embedder whose features these models were fitted on: its features (similarities)
    /// mean something else under another embedder, so the models apply to its indexes only.
    public var embedder: EmbedderKind
    /// The embedder's identifier at training time (which weights).
    public var embedderIdentifier: String
    public var reranker: LinearReranker
    public var conversationReranker: LinearReranker?
    public var sentenceModel: SentenceModel
    /// Decides declines when present; nil keeps the engine's coverage and score thresholds
    /// (`grounded-lab train --declines thresholds`).
    public var answerabilityModel: AnswerabilityModel?
    /// The engine declines when the answerability model's probability is below this; chosen on
    /// the training questions (`Training.figures` says how).
    public var declineProbabilityBelow: Double
    /// The engine also declines when the best sentence covers less than this share of the
    /// question's term weight; chosen on the training questions (`Training.figures`).
    public var coverageFloor: Double
    public var training: Training

    public init(
        embedder: EmbedderKind, embedderIdentifier: String, reranker: LinearReranker,
        conversationReranker: LinearReranker?,
        sentenceModel: SentenceModel, answerabilityModel: AnswerabilityModel?, declineProbabilityBelow: Double,
        coverageFloor: Double, training: Training
    ) {
        self.embedder = embedder
        self.embedderIdentifier = embedderIdentifier
        self.reranker = reranker
        self.conversationReranker = conversationReranker
        self.sentenceModel = sentenceModel
        self.answerabilityModel = answerabilityModel
        self.declineProbabilityBelow = declineProbabilityBelow
        self.coverageFloor = coverageFloor
        self.training = training
    }

    /// The configurations with these models in place of the heuristics: a reranker or model the
    /// configuration already names is kept.
    public func applied(
        to retrieval: RetrievalConfiguration, _ answers: AnswerConfiguration
    )
        -> (RetrievalConfiguration, AnswerConfiguration)
    {
        var r = retrieval
        var a = answers
        if r.reranker == nil {
            r.reranker = reranker
            r.conversationReranker = r.conversationReranker ?? conversationReranker
        }
        if a.sentenceModel == nil { a.sentenceModel = sentenceModel }
        if a.answerabilityModel == nil, let answerabilityModel {
            a.answerabilityModel = answerabilityModel
            a.declineProbabilityBelow = declineProbabilityBelow
            a.modelCoverageFloor = coverageFloor
        }
        return (r, a)
    }
}
