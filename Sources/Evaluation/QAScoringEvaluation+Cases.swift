import Foundation
import GroundedCore
import Knowledge
import QualityScoring
import Retrieval

extension QAScoringEvaluation {
    /// One answer to score: its kind and the gold span it was made from.
    struct Case {
        let kind: Kind
        let answer: AnswerToScore
        let span: Int
    }

    /// A gold span usable as an answer: its question, its citation and the text a bot would say.
    private struct Gold {
        let question: Doc2DialQuestion
        let citation: Citation
        let text: String
    }

    /// Every case, deterministically (seeded by `seed`).
    func buildCases() -> [Case] {
        let knowledge = scorer.knowledge
        var seen = Set<String>()
        var golds: [Gold] = []
        for q in questions {
            guard let document = knowledge.document(id: q.documentID), q.answer.start >= 0,
                q.answer.start < q.answer.end, q.answer.end <= document.text.count,
                seen.insert("\(q.documentID)#\(q.answer.start)-\(q.answer.end)").inserted
            else { continue }
            let quote = document.text.slice(q.answer.start..<q.answer.end)
            golds.append(
                Gold(
                    question: q,
                    citation: Citation(
                        documentID: q.documentID, version: "", start: q.answer.start, end: q.answer.end, quote: quote),
                    text: Self.withoutFootnotes(quote)))
        }
        let replies = Self.agentReplies(questions)
        let documents = knowledge.documents.values.sorted { $0.metadata.id < $1.metadata.id }.filter {
            $0.text.count > 0
        }
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ items: [T]) -> T? { items.isEmpty ? nil : items[Int(rng.next() % UInt64(items.count))] }
        var cases: [Case] = []
        for (span, gold) in golds.enumerated() {
            let q = gold.question
            // Asked as the customer asked it: their side of the conversation so far.
            let asked = q.conversation.filter { $0.role == .user }.map(\.text).joined(separator: " ")
            func add(_ kind: Kind, _ text: String, _ citation: Citation) {
                cases.append(
                    Case(
                        kind: kind, answer: AnswerToScore(text: text, citations: [citation], question: asked),
                        span: span))
            }
            add(.sound, gold.text + " [1]", gold.citation)
            if let dialogue = q.dialogueID, let reply = replies["\(dialogue)\u{1F}\(q.question)"] {
                add(.paraphrase, reply + " [1]", gold.citation)
            }
            let others = documents.filter { $0.metadata.id != q.documentID }
            // A real citation that does not say it: a span of the same length elsewhere.
            if let other = pick(others) {
                let length = min(q.answer.end - q.answer.start, other.text.count)
                let start = other.text.count > length ? Int(rng.next() % UInt64(other.text.count - length)) : 0
                add(
                    .wrongSpan, gold.text + " [1]",
                    Citation(
                        documentID: other.metadata.id, version: other.metadata.version, start: start,
                        end: start + length, quote: other.text.slice(start..<(start + length))))
            }
            if let changed = Self.changeNumber(gold.text) { add(.number, changed + " [1]", gold.citation) }
            if let flipped = Self.flipNegation(gold.text) { add(.negation, flipped + " [1]", gold.citation) }
            // A made-up claim: a sentence another document says, added after the cited one.
            if let other = pick(others), let made = pick(Self.claimSentences(other.text)) {
                // Ended as a sentence, so the made-up one stands on its own.
                let said = gold.text.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: [","])
                let ended = said.last.map { ".!?".contains($0) } == true ? said : said + "."
                add(.madeUpUncited, ended + " [1] " + made, gold.citation)
                add(.madeUpCited, ended + " [1] " + made + " [1]", gold.citation)
            }
            // Another document's sound answer, asked this question.
            if let other = pick(golds.filter { $0.question.documentID != q.documentID }) {
                add(.offTopic, other.text + " [1]", other.citation)
            }
        }
        return cases
    }

    /// The agent's reply to each user turn, by dialogue and the turn's text: doc2dial's agents
    /// answer in their own words from the span the next question's history records.
    static func agentReplies(_ questions: [Doc2DialQuestion]) -> [String: String] {
        var replies: [String: String] = [:]
        for q in questions {
            guard let dialogue = q.dialogueID else { continue }
            for i in q.history.indices.dropFirst()
            where q.history[i].role == "agent" && q.history[i - 1].role == "user" {
                replies["\(dialogue)\u{1F}\(q.history[i - 1].text)"] = q.history[i].text
            }
        }
        return replies
    }

    /// The sentences of `text` that make a claim of some length: six words or more, not a question.
    static func claimSentences(_ text: SourceText) -> [String] {
        SentenceSplitter.split(text, TextSpan(start: 0, end: text.count)).map {
            withoutFootnotes(text.slice($0)).trimmingCharacters(in: .whitespacesAndNewlines)
        }.filter { $0.split(separator: " ").count >= 6 && !$0.hasSuffix("?") }
    }

    private static let footnotes = try! NSRegularExpression(pattern: #"\s*\[\d+(?:\s*,\s*\d+)*\]"#)

    /// The text without the source's own footnote marks ("[5]"), as a bot would say it.
    static func withoutFootnotes(_ text: String) -> String {
        footnotes.stringByReplacingMatches(
            in: text, range: NSRange(location: 0, length: (text as NSString).length), withTemplate: "")
    }

    private static let number = try! NSRegularExpression(pattern: #"\b\d+\b"#)

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
