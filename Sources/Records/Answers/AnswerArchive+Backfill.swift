import Foundation
import GroundedCore
import Storage

extension AnswerArchive {
    /// Fills in what answers archived by older versions of the service lack — citation rows and
    /// the customer column — from the response JSON they were archived with: the one place the
    /// store reads that JSON, once per answer. A body that cannot be read (none that this service
    /// wrote) gets nothing, as feedback on it or erasure of it found nothing before.
    func backfill() throws {
        struct Archived: Decodable {
            let citations: [Citation]?
            let customerID: String?
        }
        let rows = try database.query(
            """
            SELECT id, body, status, customer_id FROM answers
            WHERE (customer_id IS NULL AND body LIKE '%"customerID"%') OR (status = 'answered'
            AND NOT EXISTS (SELECT 1 FROM answer_citations WHERE answer_citations.answer_id = answers.id))
            """)
        guard !rows.isEmpty else { return }
        try database.transaction {
            for row in rows {
                guard let id = row["id"].string,
                    let archived = try? JSONDecoder().decode(Archived.self, from: Data((row["body"].string ?? "").utf8))
                else { continue }
                if row["customer_id"].string == nil, let customer = archived.customerID {
                    _ = try database.run("UPDATE answers SET customer_id = ? WHERE id = ?", [customer, id])
                }
                guard row["status"].string == "answered",
                    try citations(ofAnswer: id).isEmpty, let cited = archived.citations
                else { continue }
                try insertCitations(cited.enumerated().map { ArchivedCitation($1, position: $0) }, of: id)
            }
        }
    }
}
