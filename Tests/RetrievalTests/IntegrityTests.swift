import Engine
import Foundation
import GroundedTesting
import Storage
import Testing

@Suite("Stored texts and vectors are checked, never trusted")
struct IntegrityTests {
    /// A fresh index over a copy of the sample corpus, and its store.
    static func index() throws -> (corpus: URL, index: URL) {
        let corpus = try TestPaths.temporaryDirectory("integrity-corpus")
        let index = try TestPaths.temporaryDirectory("integrity-index")
        try FileManager.default.removeItem(at: corpus)
        try FileManager.default.copyItem(at: TestPaths.packageRoot.appendingPathComponent("Corpus"), to: corpus)
        _ = try GroundedEngine.ingest(corpus: corpus, index: index)
        return (corpus, index)
    }

    @Test(
        """
        one changed character in a stored document (45 → 55 days) is an error naming the document, never 'verified'; \
        the next ingest restores it
        """
    )
    func changedText() throws {
        let (corpus, index) = try Self.index()
        let question = "How long do I have to return an item?"
        #expect(try GroundedEngine(index: index).ask(question).message.contains("45 days"))
        let store = try Database(path: index.appendingPathComponent("knowledge.sqlite").path)
        let changed = try store.run(
            "UPDATE documents SET text = replace(text, 'within 45 days', 'within 55 days') WHERE doc_id = "
                + "'returns-policy'"
        )
        #expect(changed >= 1)

        let damaged = try GroundedEngine(index: index)
        #expect(
            damaged.knowledge.documents.values.contains {
                if case .changed = $0.integrity { $0.metadata.id == "returns-policy" } else { false }
            })
        do {
            let answer = try damaged.ask(question)
            Issue.record("answered from a changed text: \(answer.message)")
        } catch let error as KnowledgeError {
            #expect(
                error.message.contains("returns-policy") && error.message.contains("ingest the corpus again"),
                "\(error)")
        }

        let report = try GroundedEngine.ingest(corpus: corpus, index: index)
        #expect(
            report.changed.contains { $0.hasPrefix("returns-policy@") },
            "stored again from the corpus: \(report.changed)")
        let healed = try GroundedEngine(index: index).ask(question)
        #expect(healed.message.contains("45 days") && healed.verified)
    }

    @Test(
        """
        a flipped bit in a stored sentence vector stops the index from opening, naming the chunk; the next ingest \
        embeds it anew
        """
    )
    func flippedVector() throws {
        let (corpus, index) = try Self.index()
        let store = try Database(path: index.appendingPathComponent("knowledge.sqlite").path)
        let row = try #require(
            try store.query(
                "SELECT id, sentence_embeddings FROM chunks WHERE sentence_embeddings IS NOT NULL ORDER BY id LIMIT 1"
            ).first)
        var bytes = try #require(row["sentence_embeddings"].bytes)
        bytes[5] ^= 0x10
        try store.run(
            "UPDATE chunks SET sentence_embeddings = ? WHERE id = ?", [SQLValue.blob(bytes), row["id"].int64!])
        do {
            _ = try GroundedEngine(index: index)
            Issue.record("an index with a changed vector opened")
        } catch let error as KnowledgeError {
            #expect(
                error.message.contains("chunk \(row["id"].int64!)") && error.message.contains("checksum"), "\(error)")
        }
        _ = try GroundedEngine.ingest(corpus: corpus, index: index)
        let healed = try GroundedEngine(index: index)
        #expect(try healed.ask("How long do I have to return an item?").verified)
    }
}
