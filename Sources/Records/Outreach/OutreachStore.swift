import Foundation
import Storage

/// Messages the service proposed to send customers first.
///
/// Thread safety: a value over the store's connection; every call goes through its lock.
public struct OutreachStore: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    /// Records a proposed message.
    public func save(_ o: Outreach) throws {
        _ = try database.run(
            "INSERT INTO outreach(id, customer_id, created_at, send_at, body) VALUES (?, ?, ?, ?, ?)",
            [
                o.id, o.customerID, o.createdAt.timeIntervalSince1970, o.sendAt.timeIntervalSince1970,
                try RecordCoding.json(o),
            ])
    }

    /// A customer's outreach, newest first.
    public func proposals(customerID: String) throws -> [Outreach] {
        try database.query("SELECT body FROM outreach WHERE customer_id = ? ORDER BY created_at DESC", [customerID])
            .map { try RecordCoding.decode(Outreach.self, $0["body"].string) }
    }
}
