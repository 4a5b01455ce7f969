import GroundedCore
import Knowledge
import Retrieval
import Testing

@Suite("Which documents apply to a customer profile")
struct ProfileMatchTests {
    func document(
        product: String = "general", locale: String = "en-US", _ extra: [String: String] = [:]
    ) -> DocumentMetadata {
        DocumentMetadata(id: "d", title: "D", product: product, locale: locale, extra: extra)
    }

    @Test("plans and regions exclude a customer outside them and boost one inside, case-insensitively")
    func plansAndRegions() {
        let plusOnly = document(["plans": "Plus, premium"])
        let config = ProfileConfiguration()
        #expect(CustomerProfile(plan: "plus").match(plusOnly).boost == config.applicableBoost)
        #expect(CustomerProfile(plan: "PREMIUM").match(plusOnly).applies)
        let basic = CustomerProfile(plan: "basic").match(plusOnly)
        #expect(!basic.applies && basic.exclusions.first?.contains("basic") == true)

        let uk = document(["regions": "GB,IE"])
        #expect(CustomerProfile(region: "gb").match(uk).applies)
        #expect(!CustomerProfile(region: "US").match(uk).applies)
        // Both rules met: both boosts.
        let both = document(["plans": "plus", "regions": "GB"])
        #expect(CustomerProfile(plan: "plus", region: "GB").match(both).boost == 2 * config.applicableBoost)
        #expect(!CustomerProfile(plan: "plus", region: "US").match(both).applies)
    }

    @Test("an unknown attribute neither excludes nor boosts")
    func unknownIsNeutral() {
        let m = CustomerProfile().match(
            document(product: "lumen-lock", ["plans": "plus", "regions": "GB", "joined-before": "2024-01-01"]))
        #expect(m.applies && m.boost == 0 && m.reasons.isEmpty)
        // A document that declares nothing applies to everyone, unboosted.
        let n = CustomerProfile(plan: "plus", region: "GB", customerSince: "2020-01-01").match(document())
        #expect(n.applies && n.boost == 0)
    }

    @Test("join dates: before is exclusive, since is inclusive")
    func joinDates() {
        let legacy = document(["joined-before": "2024-01-01"])
        let fresh = document(["joined-since": "2024-01-01"])
        #expect(CustomerProfile(customerSince: "2023-12-31").match(legacy).applies)
        #expect(!CustomerProfile(customerSince: "2024-01-01").match(legacy).applies)
        #expect(CustomerProfile(customerSince: "2024-01-01").match(fresh).applies)
        #expect(!CustomerProfile(customerSince: "2023-12-31").match(fresh).applies)
    }

    @Test("owned products and the customer's locale are preferred; another language is demoted, never excluded")
    func productsAndLocale() {
        let config = ProfileConfiguration()
        let owner = CustomerProfile(products: ["Lumen-Thermo"], locale: "en-GB")
        #expect(owner.match(document(product: "lumen-thermo", locale: "en-US")).boost == config.productBoost)
        #expect(owner.match(document(product: "lumen-lock", locale: "en-GB")).boost == config.localeBoost)
        let spanish = owner.match(document(locale: "es-US"))
        #expect(spanish.applies && spanish.boost == -config.otherLanguagePenalty)
    }

    @Test("profile weights are validated")
    func validation() {
        #expect(throws: RetrievalError.self) {
            try RetrievalConfiguration(profile: ProfileConfiguration(applicableBoost: -1)).validate()
        }
        #expect(throws: RetrievalError.self) { try ProfileConfiguration(productBoost: .nan).validate() }
        #expect(throws: Never.self) { try ProfileConfiguration().validate() }
    }
}
