import GroundedCore
import Knowledge

/// How a document relates to a customer: whether it applies to them at all, and how much it
/// should be preferred, with the reasons.
///
/// Documents declare whom they are for in front matter; each rule applies only when both the
/// document and the profile say something about it:
/// - `plans: plus, premium` — only for customers on one of these plans;
/// - `regions: GB, IE` — only for customers living in one of these regions;
/// - `joined-before: YYYY-MM-DD`, `joined-since: YYYY-MM-DD` — only for customers who became
///   customers before / on or after the date;
/// - `product` — preferred (never required) when the customer owns that product;
/// - `locale` — preferred when it is the customer's locale, demoted (never excluded: an answer in
///   another language beats none) when its language is not theirs.
public struct ProfileMatch: Sendable, Hashable, Codable {
    /// Why the document does not apply; empty when it does.
    public var exclusions: [String] = []
    /// The log-scale boost: a fused score is multiplied by e^boost, a reranker's log-odds raised by it.
    public var boost: Double = 0
    /// Why it was boosted or demoted.
    public var reasons: [String] = []

    public var applies: Bool { exclusions.isEmpty }

    /// The reason given when a document declares `what` (`plan`, `region`) and the customer's
    /// `value` is among those it lists.
    public static func writtenFor(_ what: String, _ value: String) -> String { "written for \(what) \(value)" }
}

extension CustomerProfile {
    /// How `metadata` relates to this customer under `configuration`'s weights.
    public func match(_ metadata: DocumentMetadata, configuration: ProfileConfiguration = .init()) -> ProfileMatch {
        var m = ProfileMatch()
        func require(_ field: String, _ value: String?, _ what: String) {
            guard let allowed = metadata.scopeList(field), !allowed.isEmpty, let value else { return }
            if allowed.contains(value.lowercased()) {
                m.boost += configuration.applicableBoost
                m.reasons.append(ProfileMatch.writtenFor(what, value))
            } else {
                m.exclusions.append("only for \(what)s \(allowed.joined(separator: ", ")), not \(value)")
            }
        }
        require("plans", plan, "plan")
        require("regions", region, "region")
        if let since = customerSince {
            if let before = metadata.extra["joined-before"] {
                if since < before {
                    m.boost += configuration.applicableBoost
                    m.reasons.append("written for customers who joined before \(before)")
                } else {
                    m.exclusions.append("only for customers who joined before \(before)")
                }
            }
            if let from = metadata.extra["joined-since"] {
                if since >= from {
                    m.boost += configuration.applicableBoost
                    m.reasons.append("written for customers who joined since \(from)")
                } else {
                    m.exclusions.append("only for customers who joined since \(from)")
                }
            }
        }
        if products.contains(where: { $0.lowercased() == metadata.product.lowercased() }) {
            m.boost += configuration.productBoost
            m.reasons.append("about \(metadata.product), which the customer owns")
        }
        if let locale, let language {
            let documentLanguage = metadata.locale.split(separator: "-").first.map { $0.lowercased() } ?? ""
            if metadata.locale.lowercased() == locale.lowercased() {
                m.boost += configuration.localeBoost
                m.reasons.append("in the customer's locale \(metadata.locale)")
            } else if documentLanguage != language {
                m.boost -= configuration.otherLanguagePenalty
                m.reasons.append("in \(metadata.locale), not the customer's language \(language)")
            }
        }
        return m
    }
}
