import Embeddings
import Foundation
import GroundedCore
import GroundedTesting
import Storage
import Testing

@testable import Knowledge

@Suite("Sentence embeddings")
struct SentenceEmbeddingTests {
    static let corpus = IngestionTests.base.merging([
        "returns.md": IngestionTests.doc(
            "returns",
            """
            Returns are accepted within thirty days of delivery. Opened software cannot be returned. \
            Gift cards are final sale and never refunded.
            """)
    ]) { a, _ in a }

    static func ingested() throws -> URL {
        let corpus = try TestPaths.temporaryDirectory("corpus")
        let index = try TestPaths.temporaryDirectory("index")
        try IngestionTests.write(Self.corpus, to: corpus)
        _ = try Ingestor(index: index).ingest(corpus)
        return index
    }

    @Test("every candidate sentence is embedded at ingest; a query equal to a sentence is closest to it")
    func embeddedAtIngest() throws {
        let knowledge = try KnowledgeBase.open(try Self.ingested())
        #expect(knowledge.sentenceVectors.count == knowledge.chunks.count)
        for (id, chunk) in knowledge.chunks {
            #expect(knowledge.sentenceVectors[id]?.count == chunk.sentences.count * knowledge.embedder.dimension)
        }
        let (id, chunk) = try #require(knowledge.chunks.first { $0.value.sentences.count == 3 })
        let text = knowledge.document(of: chunk).text
        for (position, span) in chunk.sentences.enumerated() {
            let similarities = knowledge.sentenceSimilarities(try knowledge.embedder.embed(text.slice(span)), chunk: id)
            #expect(similarities.count == 3)
            #expect(similarities.firstIndex(of: similarities.max()!) == position, "\(text.slice(span))")
            #expect(similarities[position] > 0.99)
        }
        #expect(
            knowledge.sentenceSimilarities([1, 2, 3], chunk: id).isEmpty,
            "a query of the wrong dimension compares with nothing")
    }

    @Test("an index stored without sentence embeddings still opens, and the next ingest adds them")
    func addedToOlderIndexes() throws {
        let index = try Self.ingested()
        let corpus = try TestPaths.temporaryDirectory("corpus")
        try IngestionTests.write(Self.corpus, to: corpus)
        try KnowledgeStore(directory: index).database.run("UPDATE chunks SET sentence_embeddings = NULL")
        let before = try KnowledgeBase.open(index)
        #expect(before.sentenceVectors.isEmpty)
        #expect(
            before.sentenceSimilarities(try before.embedder.embed("returns"), chunk: before.chunks.keys.first!).isEmpty)

        let report = try Ingestor(index: index).ingest(corpus)
        #expect(report.skipped.count == Self.corpus.count && report.added.isEmpty && !report.refitEmbedder)
        #expect(report.buildID != before.build.buildID, "missing sentence embeddings make a new build")
        let after = try KnowledgeBase.open(index)
        #expect(after.sentenceVectors.count == after.chunks.count)
    }

    @Test(
        """
        changed sentence embeddings fail the open with an error that says what to do: by checksum, or by size where \
        none was recorded
        """
    )
    func damaged() throws {
        let index = try Self.ingested()
        let store = try KnowledgeStore(directory: index)
        try store.database.run(
            "UPDATE chunks SET sentence_embeddings = ? WHERE id = (SELECT min(id) FROM chunks)",
            [SQLValue.blob([1, 2, 3, 4, 5, 6, 7, 8])])
        #expect {
            try KnowledgeBase.open(index)
        } throws: { error in
            "\(error)".contains("do not match their checksum") && "\(error)".contains("ingest again")
        }
        // A row stored before checksums existed is still checked by its size.
        try store.database.run(
            "UPDATE chunks SET sentence_embeddings_sha256 = NULL WHERE id = (SELECT min(id) FROM chunks)")
        #expect {
            try KnowledgeBase.open(index)
        } throws: { error in
            "\(error)".contains("sentence-embedding values") && "\(error)".contains("ingest again")
        }
        let corpus = try TestPaths.temporaryDirectory("corpus")
        try IngestionTests.write(Self.corpus, to: corpus)
        _ = try Ingestor(index: index).ingest(corpus)
        #expect(try KnowledgeBase.open(index).sentenceVectors.count > 0, "ingesting again repairs them")
    }
}
