extension AnswerConfiguration {
    /// Checks every number against the range it has a meaning in.
    /// - Throws: `AnswerConfigurationError` naming the first field out of range, its value and
    ///   the range to use.
    public func validate() throws {
        func check(_ field: String, _ value: Double, _ range: ClosedRange<Double>) throws {
            guard range.contains(value) else {
                throw AnswerConfigurationError(field: field, value: value, allowed: "\(range)")
            }
        }
        try check("hitsToRead", Double(hitsToRead), 1...1_000)
        try check("maxSentences", Double(maxSentences), 1...20)
        try check("continueShorterThan", Double(continueShorterThan), 0...1_000)
        try check("followWindow", Double(followWindow), 0...100_000)
        try check("alternativesShown", Double(alternativesShown), 0...100)
        for (field, value) in [
            ("followUpRatio", followUpRatio), ("minimumCoverage", minimumCoverage),
            ("declineProbabilityBelow", declineProbabilityBelow), ("modelCoverageFloor", modelCoverageFloor),
            ("clarifyWithin", clarifyWithin), ("paraphraseCoverage", paraphraseCoverage),
            ("followUpCoverageRatio", followUpCoverageRatio), ("followAnchorOverlap", followAnchorOverlap),
        ] {
            try check(field, value, 0...1)
        }
        for (field, value) in [
            ("declineBelow", declineBelow), ("coverageWeight", coverageWeight), ("semanticWeight", semanticWeight),
            ("rankWeight", rankWeight), ("answerTypeBonus", answerTypeBonus), ("contextWeight", contextWeight),
            ("fragmentContextWeight", fragmentContextWeight), ("openingHeadingWeight", openingHeadingWeight),
            ("profileWeight", profileWeight), ("rankPrior.topRank", rankPrior.topRank),
            ("rankPrior.rankDecay", rankPrior.rankDecay), ("rankPrior.documentSupport", rankPrior.documentSupport),
            ("rankPrior.titleCoverage", rankPrior.titleCoverage),
        ] {
            try check(field, value, 0...10)
        }
        // Above 1 turns paraphrase answers off (see `paraphraseSimilarity`).
        try check("paraphraseSimilarity", paraphraseSimilarity, -1...2)
        try check("rerankScale", rerankScale, 0.001...1_000)
    }
}

/// An answer configuration with a number out of range: which field, its value, and what to use.
public struct AnswerConfigurationError: Error, CustomStringConvertible, Sendable, Hashable {
    public let field: String
    public let value: Double
    public let allowed: String

    public init(field: String, value: Double, allowed: String) {
        self.field = field
        self.value = value
        self.allowed = allowed
    }

    public var description: String {
        "answer configuration: \(field) = \(value) is out of range; use a value in \(allowed)"
    }
}
