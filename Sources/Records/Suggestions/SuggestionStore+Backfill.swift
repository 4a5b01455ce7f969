import Foundation
import Storage

extension SuggestionStore {
    /// Fills in the action id of action suggestions stored by older versions of the service, from
    /// the suggestion JSON they were stored with: the one place the store reads that JSON, once per
    /// suggestion. A body without an action id (none this service wrote) stays without one, and its
    /// feedback counts for no action, as before.
    func backfill() throws {
        struct Body: Decodable { let actionID: String }
        let rows = try database.query(
            "SELECT id, body FROM suggestions WHERE kind = 'action' AND action_id IS NULL AND body LIKE '%actionID%'")
        guard !rows.isEmpty else { return }
        try database.transaction {
            for row in rows {
                guard let id = row["id"].string,
                    let body = try? JSONDecoder().decode(Body.self, from: Data((row["body"].string ?? "").utf8))
                else { continue }
                _ = try database.run("UPDATE suggestions SET action_id = ? WHERE id = ?", [body.actionID, id])
            }
        }
    }
}
