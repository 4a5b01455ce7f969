extension AnswerComposer {
    /// A follow-up that points back ("I checked that, it has power. What else can I try?") names
    /// little of what it asks about; the earlier turns name the rest ("My Lumen Thermo keeps going
    /// offline"). When the question refers back (a word of `referringWords`) and a candidate covers
    /// the question with the earlier turns (`conversationCoverage`) at least `minimumCoverage`, and
    /// the question alone at least `paraphraseCoverage`, the best such candidate answers it. Nil
    /// for a first message.
    func followingUp(_ candidates: [Candidate], question: String, earlierTurns: String) -> Candidate? {
        guard !earlierTurns.isEmpty, !Set(ReferenceCue.words(question)).isDisjoint(with: Self.referringWords) else {
            return nil
        }
        return candidates.filter {
            $0.coverage >= configuration.paraphraseCoverage
                && $0.features.conversationCoverage >= configuration.minimumCoverage
        }.max { $0.score < $1.score }
    }

    /// Words by which a message points back at what the conversation was about.
    static let referringWords: Set<String> = [
        "it", "its", "that", "this", "one", "they", "them", "there", "those", "these",
    ]
}
