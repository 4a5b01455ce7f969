/// How the intent classifier is trained and when it says "out of scope". Validated by `validate()`.
public struct IntentConfiguration: Sendable, Hashable, Codable {
    /// The intent name of examples that are *not* any supported request; a model trained with such
    /// examples learns an explicit out-of-scope class.
    public var outOfScopeIntent: String
    /// Lexical n-grams seen in fewer training examples are dropped (2 halves the vocabulary of
    /// CLINC150 at no measured cost in accuracy).
    public var minimumDocumentFrequency: Int
    /// Scale of the (unit-length) sentence embedding beside the two unit-length lexical blocks.
    public var embeddingWeight: Float
    /// With an embedder, this many nearest training examples vote on a message's intent
    /// (`ExampleVote`; their weight is fitted out of fold, and 0 when they do not help); 0 turns
    /// the vote off. 10 from a prototype on banking77's validation split (5, 10 and 20 within 0.3
    /// points of each other).
    public var neighborVotes: Int
    /// Confidence is calibrated, and the threshold picked, on out-of-fold predictions of this many
    /// stratified folds: every example is scored once by a model that did not see it. Five folds
    /// give CLINC150's 100 out-of-scope examples all to the threshold (a 10% hold-out gave it 10,
    /// and a threshold that rejected 69% of its out-of-scope validation messages, against 86% now).
    public var calibrationFolds: Int
    /// The out-of-scope threshold rejects at most this share of in-scope training examples (out of
    /// fold), catching as many out-of-scope ones as it can within that budget; nil picks the
    /// threshold that maximises the mean of in-scope accuracy and out-of-scope recall instead. A
    /// rejected message goes to a person, so the budget is what the service pays for not answering
    /// the wrong question. 1.5% by default, chosen on CLINC150's validation split (`val` +
    /// `oos_val`, never its test split): 2% gave 93.7% in-scope accuracy and 93.0% out-of-scope
    /// recall, 1.5% gives 94.2% and 90.0% (`grounded-lab eval intents`, MiniLM).
    public var maxInScopeRejection: Double?
    /// The confidence threshold when the held-out examples have no out-of-scope ones to tune it on.
    public var defaultThreshold: Float
    /// The optimiser's settings.
    var training: SoftmaxRegression.Training

    public init(
        outOfScopeIntent: String = "out_of_scope", minimumDocumentFrequency: Int = 2, embeddingWeight: Float = 1,
        neighborVotes: Int = 10, calibrationFolds: Int = 5, maxInScopeRejection: Double? = 0.015,
        defaultThreshold: Float = 0.3,
        epochs: Int = 12, learningRate: Float = 0.5, seed: UInt64 = 7
    ) {
        self.outOfScopeIntent = outOfScopeIntent
        self.minimumDocumentFrequency = minimumDocumentFrequency
        self.embeddingWeight = embeddingWeight
        self.neighborVotes = neighborVotes
        self.calibrationFolds = calibrationFolds
        self.maxInScopeRejection = maxInScopeRejection
        self.defaultThreshold = defaultThreshold
        training = .init(epochs: epochs, learningRate: learningRate, seed: seed)
    }

    public var epochs: Int { training.epochs }
    public var learningRate: Float { training.learningRate }
    public var seed: UInt64 { training.seed }

    /// - Throws: `IntentDataError` naming the setting out of range.
    public func validate() throws {
        func fail(_ problem: String) -> IntentDataError {
            IntentDataError(source: "intent configuration", problem: problem)
        }
        if outOfScopeIntent.isEmpty { throw fail("outOfScopeIntent must not be empty") }
        if minimumDocumentFrequency < 1 {
            throw fail("minimumDocumentFrequency must be at least 1, not \(minimumDocumentFrequency)")
        }
        if !(embeddingWeight >= 0 && embeddingWeight.isFinite) {
            throw fail("embeddingWeight must be finite and ≥ 0, not \(embeddingWeight)")
        }
        if neighborVotes < 0 || neighborVotes > 1000 {
            throw fail("neighborVotes must be in 0...1000, not \(neighborVotes)")
        }
        if calibrationFolds < 2 || calibrationFolds > 20 {
            throw fail("calibrationFolds must be in 2...20, not \(calibrationFolds)")
        }
        if let m = maxInScopeRejection, !(m >= 0 && m < 1) {
            throw fail("maxInScopeRejection must be in [0, 1), not \(m)")
        }
        if !(defaultThreshold >= 0 && defaultThreshold < 1) {
            throw fail("defaultThreshold must be in [0, 1), not \(defaultThreshold)")
        }
        if training.epochs < 1 || training.epochs > 1000 {
            throw fail("epochs must be in 1...1000, not \(training.epochs)")
        }
        if !(training.learningRate > 0 && training.learningRate.isFinite) {
            throw fail("learningRate must be > 0, not \(training.learningRate)")
        }
    }
}
