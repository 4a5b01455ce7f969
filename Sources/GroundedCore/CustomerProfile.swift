/// What the engine knows about the customer it answers, as far as retrieval and answer wording
/// may use it.
///
/// Every field is optional: an unknown attribute neither excludes nor boosts a document. Values
/// compare case-insensitively. The profile store (customers, identities, events) lives above
/// this layer; this is the view of one customer that a search takes.
public struct CustomerProfile: Sendable, Hashable, Codable {
    /// What a customer may have agreed to, per purpose.
    public enum Consent: String, Sendable, Hashable, Codable, CaseIterable {
        /// Their name and plan may appear in answers.
        case personalization
        /// The engine may message them first (proactive outreach).
        case proactiveMessaging = "proactive-messaging"
        case marketing
    }

    /// How answers may address them (`Dana`); used only with `.personalization` consent.
    public var name: String?
    /// The plan or membership they are on (`plus`, `basic`).
    public var plan: String?
    /// Product identifiers they own, as documents name them in `product` (`lumen-thermo`).
    public var products: [String]
    /// Where they live: an ISO 3166-1 alpha-2 code (`US`, `GB`).
    public var region: String?
    /// Their BCP-47 locale (`en-GB`); its language part is compared with a document's locale.
    public var locale: String?
    /// `YYYY-MM-DD` they became a customer.
    public var customerSince: String?
    /// The purposes they consented to. Default: none.
    public var consents: Set<Consent>

    public init(
        name: String? = nil, plan: String? = nil, products: [String] = [], region: String? = nil,
        locale: String? = nil, customerSince: String? = nil, consents: Set<Consent> = []
    ) {
        self.name = name
        self.plan = plan
        self.products = products
        self.region = region
        self.locale = locale
        self.customerSince = customerSince
        self.consents = consents
    }

    /// Whether they agreed to `purpose`.
    public func allows(_ purpose: Consent) -> Bool { consents.contains(purpose) }

    /// The language part of `locale` (`en` of `en-GB`), lowercased.
    public var language: String? {
        locale.flatMap { $0.split(separator: "-").first.map { $0.lowercased() } }
    }
}

extension CustomerProfile {
    /// Reads absent lists and sets as empty, so a profile file need name only what is known.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decodeIfPresent(String.self, forKey: .name),
            plan: try c.decodeIfPresent(String.self, forKey: .plan),
            products: try c.decodeIfPresent([String].self, forKey: .products) ?? [],
            region: try c.decodeIfPresent(String.self, forKey: .region),
            locale: try c.decodeIfPresent(String.self, forKey: .locale),
            customerSince: try c.decodeIfPresent(String.self, forKey: .customerSince),
            consents: try c.decodeIfPresent(Set<Consent>.self, forKey: .consents) ?? [])
    }
}
