import GroundedCore

extension AnswerComposer {
    /// The fact a question for a time, an amount or a number asks for, as an exact, verified span
    /// of the answer's sentences, the lead's first (`QuestionAnalysis.expectedAnswerSpan`). None
    /// for a question answered yes or no ("Can I refund the shipping when a delivery was late?"):
    /// a number alone would read as the answer to it.
    func shortAnswer(
        _ question: String, _ analysis: QuestionAnalysis, in sentences: [AnswerSentence],
        lead: String
    ) -> Citation? {
        guard !QuestionParts.asksYesOrNo(question) else { return nil }
        let ordered = sentences.filter { $0.text == lead } + sentences.filter { $0.text != lead }
        for s in ordered {
            guard let r = analysis.expectedAnswerSpan(in: s.text) else { continue }
            let quote = String(String.UnicodeScalarView(Array(s.text.unicodeScalars)[r]))
            let c = s.citation
            let citation = Citation(
                documentID: c.documentID, version: c.version, title: c.title,
                start: c.start + r.lowerBound, end: c.start + r.upperBound, quote: quote)
            return verifier.verify(citation) ? citation : nil
        }
        return nil
    }
}
