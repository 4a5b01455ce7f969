import Engine
import Foundation
import GroundedTesting
import Testing

@Suite("Answer configuration")
struct AnswerConfigurationTests {
    @Test("the defaults are valid; a number out of range is refused by the engine, naming the field and the range")
    func validation() throws {
        try AnswerConfiguration().validate()
        var bad = AnswerConfiguration()
        bad.rankPrior.rankDecay = -1
        #expect(throws: AnswerConfigurationError(field: "rankPrior.rankDecay", value: -1, allowed: "0.0...10.0")) {
            try GroundedEngine(knowledge: CorpusFixture.engine.knowledge, answers: bad, models: .none)
        }
        for change in [
            { (c: inout AnswerConfiguration) in c.maxSentences = 0 }, { $0.followUpRatio = 1.5 },
            { $0.rerankScale = 0 }, { $0.followWindow = -1 }, { $0.followAnchorOverlap = 2 },
        ] {
            var c = AnswerConfiguration()
            change(&c)
            #expect(throws: AnswerConfigurationError.self) { try c.validate() }
        }
        let error = AnswerConfigurationError(field: "maxSentences", value: 0, allowed: "1.0...20.0")
        #expect(error.description.contains("maxSentences = 0.0") && error.description.contains("use a value in"))
    }

    @Test("the rank prior in the configuration is the one the heuristic score uses")
    func rankPriorIsUsed() throws {
        let question = "How long do I have to return an item?"
        let engine = try GroundedEngine(knowledge: CorpusFixture.engine.knowledge, models: .none)
        var raised = AnswerConfiguration()
        raised.rankPrior.topRank = 2.4
        let ranked = try GroundedEngine(knowledge: CorpusFixture.engine.knowledge, answers: raised, models: .none)
        let usual = try #require(try engine.ask(question).sentences.first)
        let boosted = try #require(try ranked.ask(question).sentences.first)
        // Every sentence gains rankWeight × 2 / (1 + 0.3 × rank): at least 0.12 among the hits read,
        // so the best score rises by more than that (the lead may change: the first chunks gain most).
        #expect(boosted.score > usual.score + 0.05, "the raised prior (rankWeight × prior) is in the score")
    }
}
