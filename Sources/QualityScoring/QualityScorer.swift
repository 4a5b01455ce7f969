import Embeddings
import Foundation
import GroundedCore
import Knowledge
import LexicalIndex

/// Scores any answer — the engine's or text from elsewhere — against the spans it cites: per
/// sentence, is it supported (lexical and embedding evidence; number and negation mismatches
/// caught), are the citations real (the document's text at the span equals the quote), and is
/// anything cited that no sentence uses.
///
/// Deterministic: the same answer and knowledge base give the same report. Never NaN: an answer
/// with no claim is reported as not scoreable.
/// Thread safety: immutable; `score` may run on many tasks at once.
public struct QualityScorer: Sendable {
    public let knowledge: KnowledgeBase
    public let configuration: QualityScoringConfiguration
    /// Embeds claims and span sentences; nil scores on words alone.
    public let embedder: (any Embedder)?

    /// - Parameter useEmbeddings: add the knowledge base's embedder's similarity to the evidence.
    /// - Throws: `QualityScoringError` for an invalid configuration.
    public init(
        knowledge: KnowledgeBase, configuration: QualityScoringConfiguration = .init(), useEmbeddings: Bool = true
    ) throws {
        try configuration.validate()
        self.knowledge = knowledge
        self.configuration = configuration
        embedder = useEmbeddings ? knowledge.embedder : nil
    }

    private static let courtesy = try! NSRegularExpression(
        pattern:
            #"""
            ^\W*(hi|hello|hey|dear|thanks|thank you|you're welcome|happy to help|hope this helps|let me know|is \#
            there anything else|i couldn'?t find|i could not find|i'?ll pass|sorry|good \#
            (morning|afternoon|evening))\b
            """#,
        options: [.caseInsensitive])

    /// The report on `answer`.
    /// - Throws: `QualityScoringError` when two citations share a number; the embedder's error
    ///   when a text cannot be embedded.
    public func score(_ answer: AnswerToScore) throws -> QualityReport {
        try score(
            id: answer.id, sentences: ClaimExtractor.coveringMarkers(ClaimExtractor.sentences(answer.text)),
            citations: answer.citations, question: answer.question)
    }

    /// The report with the answer's relevance to `question`, flagged when below the bar.
    ///
    /// Relevance is relative: how well the claims address the question (the share of its weighted
    /// words they use, blended with their meaning's similarity) against how well the knowledge
    /// base's best passages for it do. A terse or elliptical question that no passage matches
    /// well does not sink a fitting answer; an answer far below what the sources offer is off
    /// target.
    func withRelevance(_ report: QualityReport, question: String, claims: [String]) throws -> QualityReport {
        let relevance = try relevance(of: claims, to: question)
        var notes = report.notes
        let off = report.scoreable && relevance < relevanceBar
        if off {
            notes.append(
                String(
                    format: "relevance %.2f is below %.2f: the answer may not address the question", relevance,
                    relevanceBar))
        }
        var out = QualityReport(
            id: report.id, scoreable: report.scoreable, score: report.score,
            flaggedForReview: report.flaggedForReview || off, sentences: report.sentences, citations: report.citations,
            unusedCitations: report.unusedCitations, notes: notes)
        out.relevance = relevance
        return out
    }

    /// The report on an answer given as its sentences, each with the citation numbers it names
    /// (an answer the engine composed, scored as it is instead of rendered to text and read back).
    /// - Throws: as `score(_:)`.
    /// With `question`, the report also says whether the answer addresses it (`relevance`).
    public func score(
        id: String? = nil, sentences: [ClaimedSentence], citations: [Citation], question: String?
    ) throws -> QualityReport {
        let report = try score(id: id, sentences: sentences, citations: citations)
        // A question with no content word ("?", "and then?") cannot be judged for relevance.
        guard let question, !knowledge.analyzer.terms(question).isEmpty else { return report }
        return try withRelevance(report, question: question, claims: sentences.map(\.text).filter(isClaim))
    }

    public func score(
        id: String? = nil, sentences: [ClaimedSentence], citations: [Citation]
    ) throws
        -> QualityReport
    {
        let numbered = citations.enumerated().map { ($1.number ?? $0 + 1, $1) }
        if let twice = Dictionary(grouping: numbered.map(\.0), by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw QualityScoringError(
                "citation number \(twice) is given to more than one citation: "
                    + "number them 1, 2, … or leave the numbers out"
            )
        }
        let checks = numbered.map { number, c in check(c, number: number) }
        let real = Dictionary(
            uniqueKeysWithValues: zip(numbered, checks).compactMap { pair, check in
                check.real ? (pair.0, span(of: pair.1)!) : nil
            })
        let anyMarkers = sentences.contains { !$0.markers.isEmpty }

        // One embedding batch: every claim and every sentence of every real span.
        let claims = sentences.map { isClaim($0.text) }
        var spanSentences: [Int: [String]] = [:]
        for (number, s) in real { spanSentences[number] = s.sentences }
        var vectors: [String: [Float]] = [:]
        if let embedder {
            let texts = Array(
                Set(zip(sentences, claims).filter(\.1).map(\.0.text) + spanSentences.values.flatMap { $0 }))
            if !texts.isEmpty { vectors = Dictionary(uniqueKeysWithValues: zip(texts, try embedder.embed(texts))) }
        }

        var verdicts: [QualityReport.Sentence] = []
        var used = Set<Int>()
        for (sentence, claim) in zip(sentences, claims) {
            guard claim else {
                verdicts.append(
                    .init(
                        text: sentence.text, verdict: .notAClaim, score: nil, bestCitation: nil, lexical: nil,
                        embedding: nil,
                        problems: [], explanation: "a question, greeting or courtesy: nothing to check"))
                continue
            }
            let candidates = anyMarkers ? sentence.markers : numbered.map(\.0)
            if anyMarkers { used.formUnion(sentence.markers) }
            var problems = sentence.markers.filter { m in !numbered.contains { $0.0 == m } }.map {
                "cites [\($0)], which is not among the citations"
            }
            problems += candidates.filter { m in numbered.contains { $0.0 == m } && real[m] == nil }.map {
                "citation [\($0)] is not real"
            }
            let assessed = candidates.compactMap { n in
                real[n].map { (n, assess(sentence.text, against: $0, vectors: vectors)) }
            }
            verdicts.append(verdict(sentence.text, assessed: assessed, problems: problems, cited: !candidates.isEmpty))
            if !anyMarkers, let best = verdicts.last?.bestCitation { used.insert(best) }
        }

        let claimScores = verdicts.compactMap(\.score)
        let contradicted = verdicts.filter { $0.verdict == .contradicted }.count
        // One false statement makes the answer wrong: a contradiction caps the answer's score.
        let score =
            claimScores.isEmpty
            ? nil
            : min(
                claimScores.reduce(0, +) / Double(claimScores.count),
                contradicted > 0 ? configuration.contradictionCap : 1)
        let unused = numbered.map(\.0).filter { !used.contains($0) }
        var notes: [String] = []
        if score == nil { notes.append("not scoreable: the answer makes no claim") }
        if let score, score < configuration.reviewBelow {
            notes.append(
                String(format: "score %.2f is below the review threshold %.2f", score, configuration.reviewBelow))
        }
        if contradicted > 0 { notes.append("\(contradicted) sentence(s) contradict their source") }
        // A claim no real citation supports is never averaged away: one made-up sentence flags.
        let unsupported = verdicts.filter { $0.verdict == .unsupported }.count
        if unsupported > 0 { notes.append("\(unsupported) sentence(s) supported by no citation") }
        for c in checks where !c.real { notes.append("citation [\(c.number)] is not real: \(c.problem ?? "")") }
        if !unused.isEmpty {
            notes.append("cited but used by no sentence: " + unused.map { "[\($0)]" }.joined(separator: ", "))
        }
        let flagged =
            (score.map { $0 < configuration.reviewBelow } ?? false) || contradicted > 0 || unsupported > 0
            || checks.contains { !$0.real }
        return QualityReport(
            id: id, scoreable: score != nil, score: score, flaggedForReview: flagged, sentences: verdicts,
            citations: checks, unusedCitations: unused, notes: notes)
    }

    /// Whether a sentence makes a checkable claim.
    func isClaim(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasSuffix("?") { return false }
        let ns = trimmed as NSString
        if Self.courtesy.firstMatch(in: trimmed, range: NSRange(location: 0, length: ns.length)) != nil { return false }
        return Set(knowledge.analyzer.terms(trimmed)).count >= 2
    }

    /// A real span's text, its sentences and its content terms.
    struct Span {
        let text: String
        let sentences: [String]
    }

    private func span(of c: Citation) -> Span? {
        guard let document = knowledge.document(id: c.documentID, version: c.version.isEmpty ? nil : c.version),
            c.start >= 0, c.start < c.end, c.end <= document.text.count
        else { return nil }
        let range = TextSpan(start: c.start, end: c.end)
        let sentences = SentenceSplitter.split(document.text, range).prefix(40).map { document.text.slice($0) }
        return Span(
            text: document.text.slice(range),
            sentences: sentences.isEmpty ? [document.text.slice(range)] : Array(sentences))
    }

    private func check(_ c: Citation, number: Int) -> QualityReport.CitationCheck {
        guard let document = knowledge.document(id: c.documentID, version: c.version.isEmpty ? nil : c.version) else {
            return .init(
                number: number, real: false,
                problem:
                    """
                    document \(c.documentID)\(c.version.isEmpty ? "" : " version \(c.version)") is not in the \
                    knowledge base
                    """
            )
        }
        guard c.start >= 0, c.start < c.end, c.end <= document.text.count else {
            return .init(
                number: number, real: false,
                problem:
                    "span [\(c.start), \(c.end)) is empty or outside the document's \(document.text.count) characters")
        }
        if !c.quote.isEmpty {
            let quote = c.quote
            let actual = document.text.slice(c.start..<c.end)
            if actual != quote {
                return .init(
                    number: number, real: false,
                    problem: "the source at [\(c.start), \(c.end)) reads “\(actual.prefix(80))”, not the quote")
            }
        }
        return .init(number: number, real: true, problem: nil)
    }

    /// The evidence one span gives a claim.
    struct Assessment {
        let score: Double
        let lexical: Double
        let embedding: Double?
        let mismatches: [String]
    }

    private func assess(_ claim: String, against span: Span, vectors: [String: [Float]]) -> Assessment {
        let analyzer = knowledge.analyzer
        let claimTerms = Set(analyzer.terms(claim))
        let spanTerms = Set(analyzer.terms(span.text))
        let lexical =
            claimTerms.isEmpty ? 0 : Double(claimTerms.intersection(spanTerms).count) / Double(claimTerms.count)
        // The span sentence that shares most words with the claim carries its polarity.
        let aligned =
            span.sentences.max { a, b in
                Set(analyzer.terms(a)).intersection(claimTerms).count
                    < Set(analyzer.terms(b)).intersection(claimTerms).count
            } ?? span.text
        var embedding: Double? = nil
        if let v = vectors[claim] {
            embedding = span.sentences.compactMap { vectors[$0].map { Self.cosine(v, $0) } }.max()
        }
        let w = embedding == nil ? 1 : configuration.lexicalWeight
        let score = w * lexical + (1 - w) * max(0, embedding ?? 0)
        var mismatches: [String] = []
        // A claim quoted word for word cannot contradict its source.
        let quoted = ClaimChecks.normalized(span.text).contains(ClaimChecks.normalized(claim))
        if !quoted && lexical >= configuration.mismatchNeedsOverlap {
            let missing = ClaimChecks.numbers(claim).subtracting(ClaimChecks.numbers(span.text)).sorted()
            if !missing.isEmpty {
                mismatches.append("number \(missing.joined(separator: ", ")) is not in the cited text")
            }
            if ClaimChecks.negations(claim) != ClaimChecks.negations(aligned) {
                mismatches.append("negation differs from the cited text (“\(aligned.prefix(100))”)")
            }
        }
        return Assessment(score: min(1, max(0, score)), lexical: lexical, embedding: embedding, mismatches: mismatches)
    }

    private func verdict(
        _ text: String, assessed: [(Int, Assessment)], problems: [String], cited: Bool
    ) -> QualityReport.Sentence {
        let c = configuration
        // Prefer a span that supports the claim cleanly; else the best-scoring one, mismatches and all.
        let clean = assessed.filter { $0.1.mismatches.isEmpty }.max { $0.1.score < $1.1.score }
        let best =
            clean.flatMap { $0.1.score >= c.partialAtLeast ? $0 : nil } ?? assessed.max { $0.1.score < $1.1.score }
        guard let (number, a) = best else {
            return .init(
                text: text, verdict: .unsupported, score: 0, bestCitation: nil, lexical: nil, embedding: nil,
                problems: problems,
                explanation: cited ? "none of its citations is real" : "it cites nothing")
        }
        let evidence =
            String(format: "%.0f%% of its words in [%d]", a.lexical * 100, number)
            + (a.embedding.map { String(format: ", similarity %.2f", $0) } ?? "")
        if !a.mismatches.isEmpty {
            return .init(
                text: text, verdict: .contradicted, score: min(a.score, c.contradictionCap), bestCitation: number,
                lexical: a.lexical,
                embedding: a.embedding, problems: problems + a.mismatches,
                explanation: "contradicted: " + a.mismatches.joined(separator: "; ") + " (\(evidence))")
        }
        let v: QualityReport.Sentence.Verdict =
            a.score >= c.supportedAtLeast ? .supported : a.score >= c.partialAtLeast ? .partial : .unsupported
        return .init(
            text: text, verdict: v, score: a.score, bestCitation: number, lexical: a.lexical, embedding: a.embedding,
            problems: problems, explanation: "\(v.rawValue): \(evidence), score \(String(format: "%.2f", a.score))")
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot: Float = 0
        var na: Float = 0
        var nb: Float = 0
        for i in 0..<min(a.count, b.count) {
            dot += a[i] * b[i]
            na += a[i] * a[i]
            nb += b[i] * b[i]
        }
        return na > 0 && nb > 0 ? Double(dot / (na.squareRoot() * nb.squareRoot())) : 0
    }
}
