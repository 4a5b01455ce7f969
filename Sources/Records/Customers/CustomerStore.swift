import Foundation
import Governance
import GroundedCore
import Storage

/// Customers, the identities that lead to them (email, phone, account, device, session), and the
/// events other systems report about them.
///
/// Thread safety: a value over the store's connection; every call goes through its lock.
public struct CustomerStore: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    /// The customer these identities lead to, created when none does. An anonymous customer
    /// (known only by sessions or devices) found beside a known one is merged into it — their
    /// conversations, events and identities move over — so a session that logs in keeps its
    /// history. New identities are attached. All in one transaction.
    /// - Throws: `CustomerError` when no identity is given, or when the identities lead to two
    ///   customers who are both known (an email of one, an account of another): that is for a
    ///   person to untangle, and nothing is changed.
    public func resolve(_ identities: [Identity], now: Date = Date()) throws -> Customer {
        guard !identities.isEmpty else {
            throw CustomerError("name the customer by at least one identity (email, phone, device, account or session)")
        }
        if let empty = identities.first(where: { $0.value.isEmpty }) {
            throw CustomerError("the \(empty.kind.rawValue) identity is empty")
        }
        return try resolveValid(identities, now: now)
    }

    private func resolveValid(_ identities: [Identity], now: Date) throws -> Customer {
        let id: String = try database.transaction {
            // Replicas meeting the same new identity at once make one customer, not two: each
            // identity is locked (in order), so resolutions sharing one take turns.
            for key in Set(identities.map { "identity:\($0.kind.rawValue):\($0.value)" }).sorted() {
                try database.lock(key: key)
            }
            var found: [String] = []
            for identity in identities {
                if let owner = try database.query(
                    "SELECT customer_id FROM identities WHERE kind = ? AND value = ?",
                    [identity.kind.rawValue, identity.value]
                ).first?["customer_id"].string,
                    !found.contains(owner)
                {
                    found.append(owner)
                }
            }
            let target: String
            if found.isEmpty {
                target = RecordCoding.makeID("cus_")
                _ = try database.run(
                    "INSERT INTO customers(id, created_at, profile, attributes, preferences) VALUES (?, ?, ?, '{}', "
                        + "'{}')",
                    [target, now.timeIntervalSince1970, try RecordCoding.json(CustomerProfile())])
            } else {
                let known = try found.filter { try !isAnonymous($0) }
                guard known.count <= 1 else {
                    throw CustomerError(
                        """
                        these identities belong to \(known.count) different known customers \
                        (\(known.joined(separator: ", "))): merge them by hand
                        """
                    )
                }
                target = known.first ?? found[0]
                let merged = found.filter { $0 != target }
                // Both profiles are read and rewritten: no event may change either meanwhile.
                if !merged.isEmpty {
                    for id in (merged + [target]).sorted() { try database.lock(key: "customer:" + id) }
                }
                for other in merged { try merge(other, into: target) }
            }
            for identity in identities {
                _ = try database.run(
                    "INSERT INTO identities(kind, value, customer_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    [identity.kind.rawValue, identity.value, target])
            }
            return target
        }
        return try customer(id: id)!
    }

    /// Whether every identity of the customer is anonymous.
    private func isAnonymous(_ customerID: String) throws -> Bool {
        try database.query("SELECT kind FROM identities WHERE customer_id = ?", [customerID])
            .allSatisfy { Identity.Kind(rawValue: $0["kind"].string ?? "")?.isAnonymous ?? true }
    }

    /// Moves everything of `source` to `target` and deletes `source`; the target's profile keeps
    /// its own values and takes the source's where it has none. Call inside a transaction.
    private func merge(_ source: String, into target: String) throws {
        let from = try customer(id: source)!
        let to = try customer(id: target)!
        var profile = to.profile
        profile.name = profile.name ?? from.profile.name
        profile.plan = profile.plan ?? from.profile.plan
        profile.region = profile.region ?? from.profile.region
        profile.locale = profile.locale ?? from.profile.locale
        profile.customerSince = profile.customerSince ?? from.profile.customerSince
        profile.products = profile.products + from.profile.products.filter { !profile.products.contains($0) }
        profile.consents.formUnion(from.profile.consents)
        try save(
            profile: profile, attributes: from.attributes.merging(to.attributes) { _, mine in mine },
            preferences: from.preferences.merging(to.preferences) { _, mine in mine }, for: target)
        for table in ["identities", "events", "conversations"] {
            _ = try database.run("UPDATE \(table) SET customer_id = ? WHERE customer_id = ?", [target, source])
        }
        _ = try database.run("DELETE FROM customers WHERE id = ?", [source])
    }

    /// Rewrites phone identities stored before numbers were kept in E.164 (digits without `+`),
    /// reading them in `region`. A number whose E.164 form another customer already has is left
    /// as it was (merging customers is a decision, not a migration); it is counted.
    /// - Returns: how many were rewritten, and how many were left for that reason.
    @discardableResult
    public func normalisePhoneNumbers(in region: PhoneRegion) throws -> (rewritten: Int, conflicting: Int) {
        try database.transaction {
            var counts = (rewritten: 0, conflicting: 0)
            for row in try database.query("SELECT value FROM identities WHERE kind = 'phone' AND value NOT LIKE '+%'") {
                let old = row["value"].string ?? ""
                let new = region.e164(old)
                if try !database.query(
                    "SELECT 1 AS taken FROM identities WHERE kind = 'phone' AND value = ?", [new]
                ).isEmpty {
                    counts.conflicting += 1
                    continue
                }
                _ = try database.run("UPDATE identities SET value = ? WHERE kind = 'phone' AND value = ?", [new, old])
                counts.rewritten += 1
            }
            return counts
        }
    }

    /// The customer with this id, with their identities; nil when there is none.
    public func customer(id: String) throws -> Customer? {
        guard let row = try database.query("SELECT * FROM customers WHERE id = ?", [id]).first else { return nil }
        let identities = try database.query(
            "SELECT kind, value FROM identities WHERE customer_id = ? ORDER BY kind, value", [id]
        )
        .compactMap { r in
            Identity.Kind(rawValue: r["kind"].string ?? "").map { Identity(stored: $0, r["value"].string ?? "") }
        }
        return Customer(
            id: id, profile: try RecordCoding.decode(CustomerProfile.self, row["profile"].string),
            attributes: try RecordCoding.decode([String: String].self, row["attributes"].string),
            preferences: try RecordCoding.decode([String: String].self, row["preferences"].string),
            identities: identities, createdAt: Date(timeIntervalSince1970: row["created_at"].double ?? 0))
    }

    /// The customer an identity leads to, without creating one.
    public func customer(for identity: Identity) throws -> Customer? {
        try database.query(
            "SELECT customer_id FROM identities WHERE kind = ? AND value = ?", [identity.kind.rawValue, identity.value]
        )
        .first?["customer_id"].string.flatMap { try customer(id: $0) }
    }

    /// Records an event and applies it to the customer's profile in one transaction.
    /// - Returns: the customer as they are after it.
    /// - Throws: `CustomerError` for an unknown customer or an event a known type cannot use
    ///   (a `plan_changed` without `plan`, a consent purpose that does not exist); nothing is written.
    @discardableResult
    public func record(_ event: CustomerEvent, for customerID: String) throws -> Customer {
        guard !event.type.isEmpty else { throw CustomerError("an event needs a type, e.g. order_placed") }
        // Personal data in event data is never stored (a card keeps its last four digits), so
        // neither the event nor the attributes made from it hold any.
        var event = event
        let redactor = PIIRedactor()
        event.data = event.data.mapValues(redactor.redactForStorage)
        try database.transaction {
            // The profile is read, changed and written back: one event per customer at a time.
            try database.lock(key: "customer:" + customerID)
            guard var customer = try customer(id: customerID) else { throw CustomerError("no customer \(customerID)") }
            try Self.apply(event, to: &customer)
            try save(
                profile: customer.profile, attributes: customer.attributes, preferences: customer.preferences,
                for: customerID)
            _ = try database.run(
                "INSERT INTO events(customer_id, type, data, at) VALUES (?, ?, ?, ?)",
                [customerID, event.type, try RecordCoding.json(event.data), event.at.timeIntervalSince1970])
        }
        return try customer(id: customerID)!
    }

    /// Resolves the identities and records the event in one transaction: a refused event leaves
    /// no new customer behind.
    @discardableResult
    public func record(_ event: CustomerEvent, for identities: [Identity], now: Date = Date()) throws -> Customer {
        try database.transaction {
            try record(event, for: try resolve(identities, now: now).id)
        }
    }

    /// The customer's events, oldest first.
    public func events(for customerID: String) throws -> [CustomerEvent] {
        try database.query("SELECT type, data, at FROM events WHERE customer_id = ? ORDER BY at, id", [customerID]).map
        {
            CustomerEvent(
                type: $0["type"].string ?? "", data: try RecordCoding.decode([String: String].self, $0["data"].string),
                at: Date(timeIntervalSince1970: $0["at"].double ?? 0))
        }
    }

    /// What an event changes (see `CustomerEvent`).
    static func apply(_ event: CustomerEvent, to customer: inout Customer) throws {
        func need(_ key: String) throws -> String {
            guard let v = event.data[key], !v.isEmpty else {
                throw CustomerError("a \(event.type) event needs \"\(key)\" in its data")
            }
            return v
        }
        switch event.type {
        case "plan_changed":
            customer.profile.plan = try need("plan")
        case "product_purchased", "order_placed":
            if let product = event.data["product"], !customer.profile.products.contains(product) {
                customer.profile.products.append(product)
            }
        case "consent_given", "consent_withdrawn":
            let purpose = try need("purpose")
            guard let consent = CustomerProfile.Consent(rawValue: purpose) else {
                throw CustomerError(
                    """
                    unknown consent purpose \"\(purpose)\": use \
                    \(CustomerProfile.Consent.allCases.map(\.rawValue).joined(separator: ", "))
                    """
                )
            }
            if event.type == "consent_given" {
                customer.profile.consents.insert(consent)
            } else {
                customer.profile.consents.remove(consent)
            }
        case "profile_updated":
            if let v = event.data["name"] { customer.profile.name = v }
            if let v = event.data["region"] { customer.profile.region = v }
            if let v = event.data["locale"] { customer.profile.locale = v }
            if let v = event.data["customerSince"] { customer.profile.customerSince = v }
        case "preference_set":
            if let problem = ContactPreferences.problem(in: event.data) { throw CustomerError(problem) }
            customer.preferences.merge(event.data) { _, new in new }
        default:
            break
        }
        for (key, value) in event.data { customer.attributes["\(event.type).\(key)"] = value }
        customer.attributes["lastEvent"] = event.type
    }

    private func save(
        profile: CustomerProfile, attributes: [String: String], preferences: [String: String], for id: String
    ) throws {
        _ = try database.run(
            "UPDATE customers SET profile = ?, attributes = ?, preferences = ? WHERE id = ?",
            [try RecordCoding.json(profile), try RecordCoding.json(attributes), try RecordCoding.json(preferences), id])
    }

    /// Whether a customer with this id is recorded (one indexed lookup, nothing decoded).
    public func exists(id: String) throws -> Bool {
        try !database.query("SELECT 1 AS found FROM customers WHERE id = ?", [id]).isEmpty
    }

    /// How many customers are recorded.
    public func count() throws -> Int {
        try database.query("SELECT count(*) AS n FROM customers").first?["n"].int ?? 0
    }
}
