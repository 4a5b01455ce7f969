import Answering
import GroundedCore
import Routing

extension GroundedAnswer {
    /// The answer as an experiment arm's reply variant frames it: without the greeting, cut to
    /// its first `maxSentences` sentences (a short answer outside them goes too), with a closing
    /// offer. Declines and clarifying questions change only by the greeting.
    func applying(_ variant: ReplyVariant) -> GroundedAnswer {
        var a = self
        if !variant.greeting { a.greeting = nil }
        guard a.status == .answered else { return a }
        if let n = variant.maxSentences, a.sentences.count > n {
            a.sentences = Array(a.sentences.prefix(n))
            if let s = a.shortAnswer,
                !a.sentences.contains(where: {
                    $0.citation.documentID == s.documentID && $0.citation.start <= s.start && s.end <= $0.citation.end
                })
            {
                a.shortAnswer = nil
            }
        }
        a.closing = variant.closingOffer
        return a
    }
}
