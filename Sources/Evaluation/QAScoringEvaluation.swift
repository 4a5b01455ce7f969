import Foundation
import GroundedCore
import Knowledge
import QualityScoring

/// `grounded-lab eval qa`: how well the QA scorer separates sound answers from unsound ones on
/// doc2dial. Each distinct gold answer span becomes a sound answer (its text, cited to itself)
/// and up to three unsound ones: the same text cited to a same-length span of another document
/// (a real citation that does not say it), the text with a number changed, and the text with its
/// negation flipped (both cited to the gold span). Reports the score distribution of each kind
/// and the ROC AUC of sound against each unsound kind.
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
        public let answers: Int
        public let meanScore: Double
        /// Share flagged for review, in percent.
        public let flagged: Double
        /// ROC AUC of sound answers' scores above this kind's, in percent (nil for the sound kind).
        public let auc: Double?
    }

    public struct Report: Sendable, Codable, Equatable {
        /// Gold spans evaluated.
        public let spans: Int
        /// Gold spans left out because their text makes no claim.
        public let unscoreableSpans: Int
        public let groups: [Group]
        /// Sound against every unsound answer together, in percent.
        public let overallAUC: Double?
    }

    public enum Kind: String, CaseIterable, Sendable {
        case sound
        case wrongSpan = "cited to another document"
        case number = "number changed"
        case negation = "negation flipped"
    }

    /// Scores every case.
    /// - Throws: the scorer's errors.
    public func run() throws -> Report {
        let knowledge = scorer.knowledge
        var seen = Set<String>()
        var cases: [(Kind, AnswerToScore)] = []
        var spanOf: [Int] = []  // the gold span each case comes from
        var rng = SplitMix64(seed: seed)
        let documents = knowledge.documents.values.sorted { $0.metadata.id < $1.metadata.id }
        for q in questions {
            guard let document = knowledge.document(id: q.documentID), q.answer.start >= 0,
                q.answer.start < q.answer.end,
                q.answer.end <= document.text.count,
                seen.insert("\(q.documentID)#\(q.answer.start)-\(q.answer.end)").inserted
            else { continue }
            let quote = document.text.slice(q.answer.start..<q.answer.end)
            let gold = Citation(
                documentID: q.documentID, version: "", start: q.answer.start, end: q.answer.end, quote: quote)
            // The answer a bot would give: the span's words without the source's own footnote marks ("[5]").
            let text = Self.footnotes.stringByReplacingMatches(
                in: quote, range: NSRange(location: 0, length: (quote as NSString).length),
                withTemplate: "")
            let span = seen.count
            defer { while spanOf.count < cases.count { spanOf.append(span) } }
            cases.append((.sound, AnswerToScore(text: text + " [1]", citations: [gold])))
            // Another document, a span of the same length at a random place in it.
            let others = documents.filter { $0.metadata.id != q.documentID && $0.text.count > 0 }
            if let other = others.isEmpty ? nil : others[Int(rng.next() % UInt64(others.count))] {
                let length = min(q.answer.end - q.answer.start, other.text.count)
                let start = other.text.count > length ? Int(rng.next() % UInt64(other.text.count - length)) : 0
                let wrong = Citation(
                    documentID: other.metadata.id, version: other.metadata.version, start: start, end: start + length,
                    quote: other.text.slice(start..<(start + length)))
                cases.append((.wrongSpan, AnswerToScore(text: text + " [1]", citations: [wrong])))
            }
            if let changed = Self.changeNumber(text) {
                cases.append((.number, AnswerToScore(text: changed + " [1]", citations: [gold])))
            }
            if let flipped = Self.flipNegation(text) {
                cases.append((.negation, AnswerToScore(text: flipped + " [1]", citations: [gold])))
            }
        }
        let inputs = cases.map(\.1)
        let reports = try parallelMap(inputs.count, threads: ProcessInfo.processInfo.activeProcessorCount) { [scorer] in
            try scorer.score(inputs[$0])
        }
        // Spans whose sound answer makes no claim ("Yes.") have nothing to separate: left out, and counted.
        var unscoreableSpans = Set<Int>()
        for (i, ((kind, _), report)) in zip(cases, reports).enumerated() where kind == .sound && !report.scoreable {
            unscoreableSpans.insert(spanOf[i])
        }
        var scores: [Kind: [Double]] = [:]
        var flagged: [Kind: Int] = [:]
        for (i, ((kind, _), report)) in zip(cases, reports).enumerated() where !unscoreableSpans.contains(spanOf[i]) {
            // An unsound answer that is not scoreable cannot be trusted either: it counts as 0.
            scores[kind, default: []].append(report.score ?? 0)
            if report.flaggedForReview { flagged[kind, default: 0] += 1 }
        }
        let sound = scores[.sound] ?? []
        let groups = Kind.allCases.compactMap { kind -> Group? in
            guard let s = scores[kind], !s.isEmpty else { return nil }
            return Group(
                kind: kind.rawValue, answers: s.count, meanScore: s.reduce(0, +) / Double(s.count),
                flagged: 100 * Double(flagged[kind] ?? 0) / Double(s.count),
                auc: kind == .sound ? nil : ROC.auc(positives: sound, negatives: s).map { 100 * $0 })
        }
        let unsound = Kind.allCases.filter { $0 != .sound }.flatMap { scores[$0] ?? [] }
        return Report(
            spans: sound.count, unscoreableSpans: unscoreableSpans.count, groups: groups,
            overallAUC: ROC.auc(positives: sound, negatives: unsound).map { 100 * $0 })
    }

    private static let number = try! NSRegularExpression(pattern: #"\b\d+\b"#)
    private static let footnotes = try! NSRegularExpression(pattern: #"\s*\[\d+(?:\s*,\s*\d+)*\]"#)

    /// The text with its first whole number increased (5 → 6; 30 → 31), or nil without one.
    static func changeNumber(_ text: String) -> String? {
        let ns = text as NSString
        guard let m = number.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)),
            let n = Int(ns.substring(with: m.range))
        else { return nil }
        return ns.replacingCharacters(in: m.range, with: String(n + 1))
    }

    private static let negated = try! NSRegularExpression(pattern: #"\b(not|never) "#, options: [.caseInsensitive])
    private static let auxiliary = try! NSRegularExpression(
        pattern: #"\b(is|are|was|were|can|will|must|should|may|does|do|did|has|have)\b"#)

    /// The text with its first "not"/"never" removed, or else "not" put after its first auxiliary
    /// verb; nil when it has neither.
    static func flipNegation(_ text: String) -> String? {
        let ns = text as NSString
        let range = NSRange(location: 0, length: ns.length)
        if let m = negated.firstMatch(in: text, range: range) { return ns.replacingCharacters(in: m.range, with: "") }
        if let m = auxiliary.firstMatch(in: text, range: range) {
            return ns.replacingCharacters(in: m.range, with: ns.substring(with: m.range) + " not")
        }
        return nil
    }
}
