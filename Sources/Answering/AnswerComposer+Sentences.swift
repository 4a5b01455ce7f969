import GroundedCore
import Retrieval

extension AnswerComposer {
    /// The answer's sentences in reading order: the lead, then strong sentences of the same chunk
    /// (at most `maxSentences`). A follow-up must score `followUpRatio` of the lead and name at
    /// least `followUpCoverageRatio` as much of the question as the lead does, unless it is a list item beside a
    /// list-item lead. A lead with no follow-up, shorter than `continueShorterThan` words, is
    /// continued by the sentence right after it: answers run on in the source.
    func chosenSentences(leadingWith best: Candidate, from candidates: [Candidate]) -> [Candidate] {
        var chosen = [best]
        for c in candidates.sorted(by: { $0.score > $1.score }) where chosen.count < configuration.maxSentences {
            let namesEnough =
                best.directCoverage > 0 && c.directCoverage >= configuration.followUpCoverageRatio * best.directCoverage
            guard c.hit.chunkID == best.hit.chunkID, c.score >= configuration.followUpRatio * best.score,
                namesEnough || (best.isFragment && c.isFragment),
                !chosen.contains(where: { $0.span.overlaps(c.span) || $0.text == c.text })
            else { continue }
            chosen.append(c)
        }
        if chosen.count == 1, configuration.maxSentences > 1,
            best.text.split(separator: " ").count < configuration.continueShorterThan,
            let next = candidates.filter({
                $0.hit.chunkID == best.hit.chunkID && (0..<4).contains($0.span.start - best.span.end)
                    && $0.text != best.text
            }).min(by: { $0.span.start < $1.span.start })
        {
            chosen.append(next)
        }
        return chosen.sorted { $0.span.start < $1.span.start }
    }
}
