import Foundation
import GroundedCore
import Knowledge
import Retrieval

extension AnswerComposer {
    /// The things to ask about when a question fits two or more of them equally and names none
    /// ("How do I reset it?" — the bulb, the camera or the hub?); nil when the question is clear.
    ///
    /// A thing is a product, for documents of `clarifyTypes` (a customer's devices are documented
    /// by guides, where "it" could be any of them; a policy has a general rule to prefer). A
    /// document of `subjectTypes` (an article, as in an encyclopedia or a public data set) is its
    /// own subject, a rival only when the question points at something it does not name
    /// (`ReferenceCue`: "this library", "the actor").
    ///
    /// Rivals are the things whose best sentence scores at least `clarifyWithin` of the best
    /// sentence's score. A word of the question or of the earlier turns names a rival when it is
    /// in that rival's name (product id and title, or the document title; for a product also its
    /// best sentence) and in no other rival's: one such word makes the question clear.
    ///
    /// - Returns: the rivals' names, and whether they are subjects (documents of `subjectTypes`)
    ///   rather than products.
    func clarification(
        _ candidates: [Candidate], terms: Set<String>,
        cue: ReferenceCue
    ) -> (options: [String], bySubject: Bool)? {
        guard let top = candidates.map(\.score).max(), top > 0 else { return nil }
        var best: [String: (candidate: Candidate, name: String, words: String)] = [:]
        for c in candidates where c.score >= configuration.clarifyWithin * top {
            let m = c.document.metadata
            let rival: (key: String, name: String, words: String)
            if !m.product.isEmpty, configuration.clarifyTypes.contains(m.type) {
                rival = (
                    m.product, Self.displayName(product: m.product),
                    m.product.replacingOccurrences(of: "-", with: " ") + " " + m.title + " " + c.text
                )
            } else if configuration.subjectTypes.contains(m.type), cue.phrase != nil {
                let title = m.title.trimmingCharacters(in: .whitespacesAndNewlines)
                rival = (title.lowercased(), title, title)
            } else {
                continue
            }
            if best[rival.key].map({ $0.candidate.score < c.score }) ?? true {
                best[rival.key] = (c, rival.name, rival.words)
            }
        }
        guard best.count >= 2 else { return nil }
        let rivals = best.sorted { ($0.value.candidate.score, $1.key) > ($1.value.candidate.score, $0.key) }.prefix(3)
        let analyzer = retriever.knowledge.analyzer
        let words = rivals.map { Set(analyzer.terms($0.value.words)) }
        for (i, own) in words.enumerated() {
            let others = words.enumerated().filter { $0.offset != i }
                .reduce(into: Set<String>()) { $0.formUnion($1.element) }
            if !terms.isDisjoint(with: own.subtracting(others)) { return nil }
        }
        let bySubject = rivals.allSatisfy {
            configuration.subjectTypes.contains($0.value.candidate.document.metadata.type)
        }
        return (rivals.map(\.value.name), bySubject)
    }

    /// "lumen-eye" → "Lumen Eye".
    static func displayName(product: String) -> String {
        product.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }
}
