import Foundation
import Storage

/// What "forget this customer" removed, table by table.
public struct ErasureReport: Sendable, Hashable, Codable {
    public var customerID: String
    /// Rows deleted per table (cascaded rows included under the table that holds them).
    public var deleted: [String: Int]
}

extension ServiceStore {
    /// Forgets a customer: their profile, identities and events; their conversations with every
    /// turn, handoff, suggestion and agent feedback on them (agents' notes on those suggestions
    /// too); route decisions about them; outreach; the answers sent to them (with their QA scores
    /// and reviews); and feedback they gave or that was given on those answers — in one
    /// transaction. The knowledge base is untouched; the audit log keeps its entries (they hold no
    /// personal data: inputs are redacted when written) so its chain still verifies.
    /// - Throws: `CustomerError` when there is no such customer.
    @discardableResult
    public func erase(customerID: String) throws -> ErasureReport {
        try database.transaction {
            guard try customers.customer(id: customerID) != nil else {
                throw CustomerError("no customer \(customerID)")
            }
            func count(_ sql: String) throws -> Int { try database.query(sql, [customerID]).first?["n"].int ?? 0 }
            var deleted: [String: Int] = [:]
            let conversations = "SELECT id FROM conversations WHERE customer_id = ?"
            // Answers sent to them: named in their turns, or archived with their id.
            let answers = """
                SELECT answer_id FROM turns WHERE answer_id IS NOT NULL AND conversation_id IN (\(conversations))
                UNION SELECT id FROM answers WHERE customer_id = ?
                """
            deleted["turns"] = try count("SELECT COUNT(*) AS n FROM turns WHERE conversation_id IN (\(conversations))")
            deleted["feedback"] = try database.run(
                """
                DELETE FROM feedback WHERE who = 'customer:' || ?1
                OR (target_kind = 'answer' AND target_id IN (\(answers.replacingOccurrences(of: "?", with: "?1"))))
                OR (target_kind = 'suggestion' AND target_id IN (SELECT id FROM suggestions
                    WHERE conversation_id IN (\(conversations.replacingOccurrences(of: "?", with: "?1")))))
                """, [customerID])
            deleted["answers"] = try database.run(
                "DELETE FROM answers WHERE id IN (\(answers.replacingOccurrences(of: "?", with: "?1")))", [customerID])
            deleted["route_decisions"] = try database.run(
                "DELETE FROM route_decisions WHERE conversation_id IN (\(conversations))", [customerID])
            deleted["outreach"] = try database.run("DELETE FROM outreach WHERE customer_id = ?", [customerID])
            deleted["conversations"] = try database.run("DELETE FROM conversations WHERE customer_id = ?", [customerID])
            deleted["customers"] = try database.run("DELETE FROM customers WHERE id = ?", [customerID])
            return ErasureReport(customerID: customerID, deleted: deleted.filter { $0.value > 0 })
        }
    }
}
