import Foundation
import GroundedCore
import Storage

extension KnowledgeStore {
    /// Records, in a staged store, what it was staged from.
    func recordStaging(_ build: StagedBuild) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        try database.run(
            "INSERT OR REPLACE INTO state(key, value) VALUES ('staged', ?)",
            [String(decoding: try encoder.encode(build), as: UTF8.self)])
    }

    /// What a staged store was staged from; nil in a store that is not a staged one.
    func staging() throws -> StagedBuild? {
        guard let json = try database.query("SELECT value FROM state WHERE key = 'staged'").first?["value"].string
        else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(StagedBuild.self, from: Data(json.utf8))
    }

    /// Replaces this store's documents, chunks, versions and build pointer with those of the
    /// store at `other` (a staged snapshot of this one, so ids agree), and adds its runs, in one
    /// transaction.
    /// - Throws: storage errors; then nothing changed.
    func replace(with other: URL) throws {
        try database.run("ATTACH DATABASE ? AS staged", [other.path])
        defer { try? database.execute("DETACH DATABASE staged") }
        try database.transaction {
            try database.execute(
                """
                DELETE FROM main.chunks;
                DELETE FROM main.documents;
                DELETE FROM main.document_versions;
                INSERT INTO main.documents SELECT * FROM staged.documents;
                INSERT INTO main.chunks SELECT * FROM staged.chunks;
                INSERT INTO main.document_versions SELECT * FROM staged.document_versions;
                INSERT OR IGNORE INTO main.runs SELECT * FROM staged.runs;
                INSERT OR REPLACE INTO main.state SELECT * FROM staged.state WHERE key IN ('build', 'versioning');
                """)
        }
    }
}
