import Foundation
import GroundedCore
import Knowledge
import QualityScoring

/// `grounded-lab eval qa`: how well the QA scorer separates sound answers from unsound ones on
/// doc2dial. Each distinct gold answer span becomes a sound answer (its text, cited to itself,
/// asked with the customer's side of the conversation) and the kinds of `Kind`: the agent's own
/// reply grounded in that span (a human paraphrase, which should be credited like the span), and
/// unsound answers — the text cited to another document, a number changed, the negation flipped,
/// a made-up sentence (from another document) added with and without a citation, and another
/// question's sound answer. Each unsound kind is compared with the sound answers on the signal
/// the scorer catches it by (`Signal`): its ROC AUC against the sound answers and against the
/// paraphrases, and the share the scorer flags for review.
public struct QAScoringEvaluation: Sendable {
    public let scorer: QualityScorer
    public let questions: [Doc2DialQuestion]
    public let seed: UInt64

    public init(scorer: QualityScorer, questions: [Doc2DialQuestion], seed: UInt64 = 11) {
        self.scorer = scorer
        self.questions = questions
        self.seed = seed
    }

    /// One kind of answer and how it scored.
    public struct Group: Sendable, Codable, Equatable {
        public let kind: String
        /// The report value compared (`Signal`).
        public let signal: String
        public let answers: Int
        public let meanScore: Double
        /// Share flagged for review, in percent.
        public let flagged: Double
        /// Share whose relevance to the question is below the bar, in percent.
        public let offQuestion: Double
        /// ROC AUC of sound answers above this kind on its signal, in percent (nil for sound and
        /// paraphrased answers).
        public let auc: Double?
        /// ROC AUC of paraphrased answers above this kind on its signal, in percent.
        public let aucParaphrase: Double?
    }

    public struct Report: Sendable, Codable, Equatable {
        /// Gold spans evaluated.
        public let spans: Int
        /// Gold spans left out because their text makes no claim.
        public let unscoreableSpans: Int
        public let groups: [Group]
        /// Sound against every unsound answer together (each kind on its signal), in percent.
        public let overallAUC: Double?
        /// Paraphrased against every unsound answer together, in percent.
        public let paraphraseAUC: Double?
    }

    public enum Kind: String, CaseIterable, Sendable {
        case sound
        case paraphrase = "the agent's own words"
        case wrongSpan = "cited to another document"
        case number = "number changed"
        case negation = "negation flipped"
        case madeUpUncited = "made-up sentence, uncited"
        case madeUpCited = "made-up sentence, cited"
        case offTopic = "another question's answer"

        /// Sound and paraphrased answers are the positives; the rest should score below them.
        public var isSound: Bool { self == .sound || self == .paraphrase }

        public var signal: Signal {
            switch self {
            case .madeUpUncited, .madeUpCited: .weakestSentence
            case .offTopic: .relevance
            default: .score
            }
        }
    }

    /// The value of a report an unsound kind is told apart by.
    public enum Signal: String, CaseIterable, Sendable {
        /// The answer's score.
        case score
        /// The lowest score of its claims: one made-up sentence is not averaged away.
        case weakestSentence = "weakest sentence"
        /// Whether it addresses the question.
        case relevance

        /// The report's value; an unscoreable report counts as 0 (it cannot be trusted).
        func value(_ report: QualityReport) -> Double {
            switch self {
            case .score: report.score ?? 0
            case .weakestSentence: report.sentences.compactMap(\.score).min() ?? 0
            case .relevance: report.relevance ?? 0
            }
        }
    }

    /// Scores every case.
    /// - Throws: the scorer's errors.
    public func run() throws -> Report {
        let cases = buildCases()
        let inputs = cases.map(\.answer)
        let reports = try parallelMap(inputs.count, threads: ProcessInfo.processInfo.activeProcessorCount) { [scorer] in
            try scorer.score(inputs[$0])
        }
        // Spans whose sound answer makes no claim ("Yes.") have nothing to separate: left out, and counted.
        var unscoreableSpans = Set<Int>()
        for (c, report) in zip(cases, reports) where c.kind == .sound && !report.scoreable {
            unscoreableSpans.insert(c.span)
        }
        var reportsByKind: [Kind: [QualityReport]] = [:]
        for (c, report) in zip(cases, reports) where !unscoreableSpans.contains(c.span) {
            // A paraphrase that makes no claim (the agent asked a question back) is not an answer.
            if c.kind == .paraphrase && !report.scoreable { continue }
            reportsByKind[c.kind, default: []].append(report)
        }
        func values(_ kind: Kind, _ signal: Signal) -> [Double] { (reportsByKind[kind] ?? []).map(signal.value) }
        let bar = scorer.relevanceBar
        var pooled: [Kind: [(auc: Double, count: Int)]] = [:]
        let groups = Kind.allCases.compactMap { kind -> Group? in
            guard let rs = reportsByKind[kind], !rs.isEmpty else { return nil }
            let mine = values(kind, kind.signal)
            var against: [Kind: Double] = [:]
            if !kind.isSound {
                for positive in [Kind.sound, .paraphrase] {
                    if let auc = ROC.auc(positives: values(positive, kind.signal), negatives: mine) {
                        against[positive] = 100 * auc
                        pooled[positive, default: []].append((100 * auc, mine.count))
                    }
                }
            }
            return Group(
                kind: kind.rawValue, signal: kind.signal.rawValue, answers: rs.count,
                meanScore: rs.map { $0.score ?? 0 }.reduce(0, +) / Double(rs.count),
                flagged: 100 * Double(rs.filter(\.flaggedForReview).count) / Double(rs.count),
                offQuestion: 100 * Double(rs.filter { ($0.relevance ?? 1) < bar }.count) / Double(rs.count),
                auc: against[.sound], aucParaphrase: against[.paraphrase])
        }
        // Pairwise AUC over every unsound answer: each kind's AUC weighted by its count.
        func overall(_ positive: Kind) -> Double? {
            guard let parts = pooled[positive], !parts.isEmpty else { return nil }
            return parts.reduce(0) { $0 + $1.auc * Double($1.count) } / Double(parts.reduce(0) { $0 + $1.count })
        }
        return Report(
            spans: reportsByKind[.sound]?.count ?? 0, unscoreableSpans: unscoreableSpans.count, groups: groups,
            overallAUC: overall(.sound), paraphraseAUC: overall(.paraphrase))
    }

    /// The relevance bar at the equal error rate: the bar at which the share of sound answers
    /// flagged as off the question equals the share of other questions' answers let through —
    /// how the scorer's default was chosen, on a part of doc2dial kept out of the report. Returns
    /// the bar and that error rate.
    /// - Throws: the scorer's errors.
    public func equalErrorRelevanceBar() throws -> (bar: Double, errorRate: Double) {
        let cases = buildCases().filter { $0.kind == .sound || $0.kind == .offTopic }
        let relevances = try parallelMap(cases.count, threads: ProcessInfo.processInfo.activeProcessorCount) {
            [scorer] in try scorer.score(cases[$0].answer).relevance
        }
        var sound: [Double] = []
        var off: [Double] = []
        for (c, r) in zip(cases, relevances) {
            guard let r else { continue }
            if c.kind == .sound { sound.append(r) } else { off.append(r) }
        }
        guard !sound.isEmpty, !off.isEmpty else { return (0, 0) }
        var best = (bar: 0.0, errorRate: 1.0, gap: Double.infinity)
        for bar in Set(sound + off).sorted() {
            let flagged = Double(sound.filter { $0 < bar }.count) / Double(sound.count)
            let passed = Double(off.filter { $0 >= bar }.count) / Double(off.count)
            if abs(flagged - passed) < best.gap { best = (bar, (flagged + passed) / 2, abs(flagged - passed)) }
        }
        return (best.bar, best.errorRate)
    }
}
