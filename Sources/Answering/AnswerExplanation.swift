import Foundation
import GroundedCore
import Retrieval

/// Why an answer says what it says: each source's retriever ranks and scores, each cited
/// sentence's score and features, the best alternatives weighed with their scores, the decline
/// code when it declined, and (from the service) what it was made from. `grounded ask --explain`
/// prints `text`; `POST /v1/answer` with `"explain": true` returns the structure.
public struct AnswerExplanation: Sendable, Codable, Hashable {
    public struct Source: Sendable, Codable, Hashable {
        public var documentID: String
        public var version: String
        public var start: Int
        public var end: Int
        /// Ranks among each retriever's candidates (nil: not among them), and their scores.
        public var vectorRank: Int?
        public var vectorSimilarity: Double?
        public var lexicalRank: Int?
        public var lexicalScore: Double?
        /// The reciprocal-rank-fused score, and what then moved it.
        public var fused: Double
        public var reranker: Double?
        public var profileBoost: Double?
        public var profileReasons: [String]?
        public var feedbackMultiplier: Double?
        public var rerankFeatures: [String: Double]?
    }

    public struct Sentence: Sendable, Codable, Hashable {
        /// The citation number the answer's text gives the sentence.
        public var number: Int
        public var score: Double
        public var features: [String: Double]
    }

    public var sources: [Source]
    public var sentences: [Sentence]
    /// The best sentences weighed, best first, the chosen ones marked.
    public var candidates: [CandidateSentence]
    /// For a decline: why, as a code and in words.
    public var declineCode: DeclineCode?
    public var declineReason: String?
    /// What the answer was made from; nil where the caller did not say (`grounded ask`).
    public var used: ExplanationInputs?

    public init(_ answer: GroundedAnswer, used: ExplanationInputs? = nil) {
        candidates = answer.alternatives
        declineCode = answer.declineCode
        declineReason = answer.declineReason
        self.used = used
        sources = answer.sources.map { h in
            Source(
                documentID: h.documentID, version: h.documentVersion, start: h.span.start, end: h.span.end,
                vectorRank: h.vectorRank, vectorSimilarity: h.vectorSimilarity, lexicalRank: h.lexicalRank,
                lexicalScore: h.lexicalScore, fused: h.score, reranker: h.rerankScore, profileBoost: h.profileBoost,
                profileReasons: h.profileReasons, feedbackMultiplier: h.feedbackMultiplier,
                rerankFeatures: h.rerankFeatures)
        }
        sentences = answer.sentences.enumerated().map {
            Sentence(number: $0 + 1, score: $1.score, features: $1.explanation)
        }
    }

    /// The explanation as lines for a terminal.
    public var text: String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "–" }
        func rank(_ r: Int?) -> String { r.map(String.init) ?? "–" }
        func list(_ values: [String: Double]) -> String {
            values.sorted { $0.key < $1.key }.map { "\($0.key) \(f($0.value))" }.joined(separator: ", ")
        }
        var lines = ["", "Why these sources (fused by reciprocal rank; ranks among each retriever's candidates):"]
        for s in sources {
            var line =
                "  \(s.documentID) [\(s.start), \(s.end)): vector rank \(rank(s.vectorRank)) (similarity "
                + "\(f(s.vectorSimilarity))), BM25 rank \(rank(s.lexicalRank)) (score \(f(s.lexicalScore))), fused "
                + "\(f(s.fused))"
            if let r = s.reranker { line += ", reranker \(f(r))" }
            if let b = s.profileBoost {
                line += ", profile boost \(f(b)) (\((s.profileReasons ?? []).joined(separator: "; ")))"
            }
            if let m = s.feedbackMultiplier { line += ", feedback ×\(f(m))" }
            lines.append(line)
            if let features = s.rerankFeatures { lines.append("      " + list(features)) }
        }
        if !sentences.isEmpty {
            lines.append("Why these sentences (score \u{2265} the decline threshold; features 0...1):")
            for s in sentences { lines.append("  [\(s.number)] score \(f(s.score)): " + list(s.features)) }
        }
        if let code = declineCode { lines.append("Declined (\(code.rawValue)): \(declineReason ?? "")") }
        if !candidates.isEmpty {
            lines.append("The best sentences weighed (* chosen):")
            for c in candidates {
                let mark = c.chosen ? "*" : " "
                lines.append(
                    " \(mark) \(f(c.score)) \(c.documentID) [\(c.start), \(c.end)) coverage \(f(c.coverage)): "
                        + String(c.text.prefix(90)))
            }
        }
        return lines.joined(separator: "\n")
    }
}
