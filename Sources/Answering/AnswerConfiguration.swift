/// How answers are composed and when the engine declines.
public struct AnswerConfiguration: Sendable, Hashable, Codable {
    /// Retrieved chunks whose sentences are candidates.
    public var hitsToRead: Int
    /// The most sentences an answer has. Default 2: doc2dial's gold answers are about 20 words, two of
    /// our sentences; a third lowered answer F1 there (Docs/evaluation.md).
    public var maxSentences: Int
    /// Further sentences must score at least this share of the best one.
    public var followUpRatio: Double
    /// A lead sentence with no follow-up and fewer words than this is continued by the sentence
    /// right after it. Default 30: on doc2dial it raised answer F1 by 0.2 (first turn) and 0.5
    /// (all questions) over no continuation (Docs/evaluation.md).
    public var continueShorterThan: Int
    /// Decline when the best sentence's score is below this. Set on the sample corpus so that
    /// every sample question is answered and off-topic questions are declined (see the tests).
    public var declineBelow: Double
    /// Decline when less than this share of the question's term weight (IDF) is found in the
    /// best sentence and its headings: the question is about something the sources do not say.
    public var minimumCoverage: Double
    /// Weights of term coverage, embedding similarity and retrieval rank in a sentence's score.
    public var coverageWeight: Double
    public var semanticWeight: Double
    public var rankWeight: Double
    /// Added to a sentence that holds the kind of fact the question asks for (a time for "when",
    /// an amount for "how much"): the classic answer-type cue of factoid QA.
    public var answerTypeBonus: Double
    /// Credit for a question term found only in the title or headings above a sentence.
    public var contextWeight: Double
    /// The same credit for a fragment (a list item, a table row), which means nothing without them.
    public var fragmentContextWeight: Double
    /// Credit for a question term found in the heading right above the sentence that opens its
    /// section, which answers that heading ("Tools you need" → "A small flat screwdriver, …").
    /// Default 1, as the sentence's own words: set reading the sample corpus's manuals (suite 152
    /// → 155 right, none lost), then checked on data nobody tuned it on: doc2dial answer F1 25.4 →
    /// 27.1 first turn, 23.6 → 24.3 with history, declines unchanged; MTRAG-UN one unanswerable
    /// task fewer declined and two vague ones fewer asked back (Docs/evaluation.md).
    public var openingHeadingWeight: Double = 1
    /// Added per unit of a source's customer-profile boost (`SearchHit.profileBoost`): with the
    /// default 0.2, a document written for the customer's plan (boost 0.5) gains 0.1, enough to
    /// win over a general sentence that says a little more of the question, not over one that
    /// answers it while the specific document does not. A demoted document loses as much.
    public var profileWeight: Double
    /// Picks the answer's first sentence among the candidates when set; nil uses the heuristic
    /// score. Either way the heuristic score decides declines.
    public var sentenceModel: SentenceModel?
    /// Decides declines when set: the engine declines when the model's probability that its
    /// answer is useful is below `declineProbabilityBelow`; nil uses the thresholds above.
    public var answerabilityModel: AnswerabilityModel?
    /// Default 0.1: decline only answers the model thinks are almost certainly unhelpful.
    public var declineProbabilityBelow: Double
    /// With an answerability model, the engine still declines when the best sentence covers less
    /// than this share of the question's term weight. 0 (no floor) unless trained models set it.
    public var modelCoverageFloor: Double = 0
    /// A question that fits two products' sentences, each scoring at least this share of the
    /// best, and names neither, is asked back (`GroundedAnswer.Status.clarify`). Default 0.9:
    /// set by reading the sample corpus's vague questions ("How do I reset it?") beside the
    /// clear ones; 1 turns asking back off.
    public var clarifyWithin: Double = 0.9
    /// A sentence whose own embedding is at least this close to the question's answers it although
    /// it covers less than `minimumCoverage`, if it covers at least `paraphraseCoverage` (the
    /// question is in other words). Defaults 0.6 and 0.3: set reading the sample corpus's
    /// paraphrases beside its unanswerable questions (MiniLM), and checked on MTRAG-UN and
    /// doc2dial (Docs/evaluation.md); above 1 turns it off.
    public var paraphraseSimilarity: Double = 0.6
    public var paraphraseCoverage: Double = 0.3
    /// Document types whose products are rivals for asking back: a customer's devices are
    /// documented by guides and troubleshooting pages, where "it" could be any of them; a policy
    /// or FAQ has a general rule to prefer instead (`Corpus/` uses these types).
    public var clarifyTypes: Set<String> = ["guide", "manual", "troubleshooting"]
    /// Document types each about a subject of its own, named by its title (an encyclopedia
    /// article, a page of a public data set): a question that points at something it does not
    /// name ("this library") and fits several of them is asked back with their titles. Default
    /// "article", the type of a document that declares none.
    public var subjectTypes: Set<String> = ["article"]
    /// Where a sentence stands before its words are read (see `RankPrior` for its values' source).
    public var rankPrior = RankPrior()
    /// Characters after the agent's last sentence within which a sentence counts as following
    /// it (`SentenceFeatures.followsAgentReply`). Default 300: about two sentences of doc2dial's
    /// pages (median sentence ≈ 120 characters).
    public var followWindow = 300
    /// The reranker score that maps to tanh(1) ≈ 0.76 in `chunkRerank` and `topRerank`. Default 10:
    /// the reranker fitted on doc2dial scores its candidates between 1.0 and 8.8 (1st and 99th
    /// percentile) and each question's best between 3.5 and 11.4, so 10 keeps them apart. The
    /// shipped sentence models were fitted with it: change it only with new models.
    public var rerankScale = 10.0
    /// A follow-up sentence must name at least this share of the question's words the lead names
    /// (unless both are list items). Default 0.5: set by hand with the follow-up rule, reading the
    /// sample corpus's answers (commit 5827d07), not fitted.
    public var followUpCoverageRatio = 0.5
    /// The candidate that repeats at least this share of the agent's last reply (term weight)
    /// anchors `followWindow`. Default 0.5: a sentence that says most of what the agent said is
    /// the one they quoted; set by hand with the rule, not fitted.
    public var followAnchorOverlap = 0.5
    /// How many of the best candidate sentences an answer keeps as its alternatives
    /// (`GroundedAnswer.alternatives`), for explanations. Default 5: a screenful; it changes no
    /// answer.
    public var alternativesShown = 5

    public init(
        hitsToRead: Int = 6, maxSentences: Int = 2, followUpRatio: Double = 0.85, continueShorterThan: Int = 30,
        declineBelow: Double = 0.4,
        minimumCoverage: Double = 0.45, coverageWeight: Double = 0.6, semanticWeight: Double = 0.25,
        rankWeight: Double = 0.15, answerTypeBonus: Double = 0.1,
        contextWeight: Double = 0.5, fragmentContextWeight: Double = 0.75, profileWeight: Double = 0.2,
        sentenceModel: SentenceModel? = nil,
        answerabilityModel: AnswerabilityModel? = nil, declineProbabilityBelow: Double = 0.1
    ) {
        self.hitsToRead = hitsToRead
        self.maxSentences = maxSentences
        self.followUpRatio = followUpRatio
        self.continueShorterThan = continueShorterThan
        self.declineBelow = declineBelow
        self.minimumCoverage = minimumCoverage
        self.coverageWeight = coverageWeight
        self.semanticWeight = semanticWeight
        self.rankWeight = rankWeight
        self.answerTypeBonus = answerTypeBonus
        self.contextWeight = contextWeight
        self.fragmentContextWeight = fragmentContextWeight
        self.profileWeight = profileWeight
        self.sentenceModel = sentenceModel
        self.answerabilityModel = answerabilityModel
        self.declineProbabilityBelow = declineProbabilityBelow
    }
}
