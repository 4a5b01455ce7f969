import Foundation
import GroundedCore
import Knowledge
import Retrieval

extension AnswerComposer {
    /// What the composer does with a question, given its candidate sentences.
    enum Verdict {
        /// Answer, leading with this sentence.
        case answer(Candidate)
        /// Decline, saying why.
        case decline(DeclineCode, reason: String, confidence: Double)
        /// Ask which of these the customer means.
        case askBack(options: [String], confidence: Double)
    }

    /// Answer, decline or ask back, in this order of rules:
    /// 1. with an answerability model, its probability and the coverage floor decide declines;
    ///    without one, coverage and score thresholds do, unless the question is a paraphrase of
    ///    a sentence (`paraphrased`) — or points at something unnamed among several subjects,
    ///    which is asked back;
    /// 2. a question that asks for an amount is declined when no matching sentence names one;
    /// 3. a question that fits several products or subjects equally and names none is asked back.
    ///
    /// - Parameter candidates: not empty.
    /// - Throws: embedding errors.
    func verdict(
        _ question: String, analysis: QuestionAnalysis, candidates: [Candidate],
        context conversation: Context
    ) throws -> Verdict {
        let knowledge = retriever.knowledge
        let strongest = candidates.max { $0.score < $1.score }!
        let cue = ReferenceCue(question, earlier: conversation.earlierTurns)
        let askedTerms = Set(analysis.terms).union(knowledge.analyzer.terms(conversation.earlierTurns))
        let options = configuration.clarifyWithin < 1 ? clarification(candidates, terms: askedTerms, cue: cue) : nil
        // The answer starts from the model's pick when there is a model, else the strongest.
        var best =
            configuration.sentenceModel.flatMap { model in
                candidates.max { model.score($0.features) < model.score($1.features) }
            } ?? strongest
        if let model = configuration.answerabilityModel {
            let p = model.probability(best.features)
            guard p >= configuration.declineProbabilityBelow else {
                let floor = Self.percent(configuration.declineProbabilityBelow)
                return .decline(
                    .unlikelyToHelp,
                    reason: "the best answer is unlikely to help (\(Self.percent(p)) by the answerability model, "
                        + "below \(floor))", confidence: p)
            }
            // With a model, coverage is a floor, not the rule: below it the question is about words
            // the sources do not use at all.
            guard strongest.coverage >= configuration.modelCoverageFloor else {
                let (covered, floor) = (
                    Self.percent(strongest.coverage), Self.percent(configuration.modelCoverageFloor)
                )
                return .decline(
                    .lowCoverage,
                    reason: "the closest sources cover too little of the question (\(covered) of its terms, "
                        + "below the \(floor) floor)", confidence: p)
            }
        } else if strongest.coverage < configuration.minimumCoverage || strongest.score < configuration.declineBelow {
            // A question in other words than the source's ("how many days do I get to send it back")
            // covers few of its terms; a sentence that means the same (its own embedding close to the
            // question's) and shares some of its words answers it. One that points at something it
            // does not name ("this library") among several subjects is asked back: the name is missing.
            guard
                let paraphrase = try paraphrased(
                    candidates, question: question, earlierTurns: conversation.earlierTurns)
                    ?? followingUp(candidates, question: question, earlierTurns: conversation.earlierTurns)
            else {
                if let options, options.bySubject, strongest.coverage >= configuration.paraphraseCoverage {
                    return .askBack(options: options.options, confidence: strongest.score)
                }
                let (covered, score) = (Self.percent(strongest.coverage), Self.percent(strongest.score))
                guard strongest.coverage >= configuration.minimumCoverage else {
                    return .decline(
                        .lowCoverage,
                        reason: "the closest sources cover too little of the question (\(covered) of its terms)",
                        confidence: strongest.score)
                }
                return .decline(
                    .lowScore,
                    reason: "the best supporting sentence scores \(score), below the "
                        + "\(Self.percent(configuration.declineBelow)) threshold", confidence: strongest.score)
            }
            best = paraphrase
        }
        // "How much does the hub cost?" is not answered by what the hub does: when the question asks
        // for an amount, a source that matches it must name one.
        if analysis.asksForAmount,
            !candidates.contains(where: {
                $0.coverage >= configuration.minimumCoverage && analysis.sentenceHasExpectedAnswer($0.text)
            })
        {
            return .decline(
                .noAmount, reason: "the sources that match the question name no amount", confidence: strongest.score)
        }
        if let options { return .askBack(options: options.options, confidence: strongest.score) }
        return .answer(best)
    }
}
