/// How strongly a customer profile steers retrieval.
///
/// Boosts are on a log scale: a fused reciprocal-rank score is multiplied by e^boost. With the
/// RRF constant 60, rank 1 scores 1/61 and rank 10 1/70, so e^0.5 ≈ 1.65 lifts a document written
/// for the customer above general ones unless they rank far higher, while e^0.15 ≈ 1.16 only
/// settles near ties (rank ≈ 10 against rank 1).
public struct ProfileConfiguration: Sendable, Hashable, Codable {
    /// Per rule met among `plans`, `regions`, `joined-before`, `joined-since`. Default 0.5.
    public var applicableBoost: Double
    /// For a document about a product the customer owns. Default 0.15: owning a thermostat does
    /// not make its manual the answer to a question about returns.
    public var productBoost: Double
    /// For a document in the customer's exact locale. Default 0.15.
    public var localeBoost: Double
    /// Subtracted for a document in another language than the customer's. Default 0.5.
    public var otherLanguagePenalty: Double

    public init(
        applicableBoost: Double = 0.5, productBoost: Double = 0.15, localeBoost: Double = 0.15,
        otherLanguagePenalty: Double = 0.5
    ) {
        self.applicableBoost = applicableBoost
        self.productBoost = productBoost
        self.localeBoost = localeBoost
        self.otherLanguagePenalty = otherLanguagePenalty
    }

    /// - Throws: `RetrievalError` when a weight is negative or not finite.
    public func validate() throws {
        for (name, value) in [
            ("applicableBoost", applicableBoost), ("productBoost", productBoost),
            ("localeBoost", localeBoost), ("otherLanguagePenalty", otherLanguagePenalty),
        ]
        where !(value.isFinite && value >= 0) {
            throw RetrievalError("profile.\(name) must be a finite non-negative number, got \(value)")
        }
    }
}
