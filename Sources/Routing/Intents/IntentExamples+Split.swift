extension IntentExamples {
    /// Holds out `share` of each intent's examples (rounded; none from an intent with one
    /// example), chosen by a seeded shuffle: the same seed gives the same split.
    public func split(holdingOut share: Double, seed: UInt64) -> (kept: IntentExamples, held: IntentExamples) {
        let classOf = Dictionary(uniqueKeysWithValues: intents.enumerated().map { ($1, $0) })
        let (kept, held) = IntentClassifier.stratifiedSplit(
            labels: examples.map { classOf[$0.intent]! }, share: share, seed: seed)
        return (
            IntentExamples(unchecked: kept.map { examples[$0] }), IntentExamples(unchecked: held.map { examples[$0] })
        )
    }

    /// Examples already checked (a subset or union of checked ones).
    init(unchecked examples: [Example]) { self.examples = examples }

    /// These examples followed by `other`'s.
    public func appending(_ other: IntentExamples) -> IntentExamples {
        IntentExamples(unchecked: examples + other.examples)
    }
}
