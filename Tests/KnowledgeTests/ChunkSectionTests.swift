import Foundation
import GroundedCore
import GroundedTesting
import Testing

@testable import Knowledge

@Suite("A chunk that packs small sections knows each sentence's headings")
struct ChunkSectionTests {
    static let manual = """
        ---
        id: m
        title: Manual
        version: 1
        ---
        # Manual

        ## Maintenance

        ### Cleaning

        Wipe the display with a dry, soft cloth. Do not use sprays.

        ### Software updates

        Updates install at night. You can see the version in the app.

        ## Installation

        Turn off the power at the breaker before you start. Check that the display is blank. Keep the old wires \
        labelled so the new base plate can take them in the same order, one by one, from top to bottom.
        """

    static func document(_ text: String) throws -> SourceDocument {
        try DocumentLoader(chunker: Chunker(configuration: .init(maxWords: 60, minWords: 25, overlapWords: 0)))
            .document(
                source: SourceText(text), bodyStart: try FrontMatter.parse(SourceText(text)).bodyStart,
                metadata: DocumentMetadata(id: "m", title: "Manual"), format: .markdown, path: "m.md")
    }

    @Test("two one-line sections merged into one chunk: each sentence reads under its own heading")
    func merged() throws {
        let d = try Self.document(Self.manual)
        let chunk = try #require(d.chunks.first { $0.text.contains("Wipe the display") })
        #expect(chunk.text.contains("Updates install"), "the two small sections share a chunk")
        func path(of prefix: String) -> [String]? {
            chunk.sentences.firstIndex { d.text.slice($0).hasPrefix(prefix) }
                .map { chunk.sections.headingPath(ofSentence: $0, fallback: chunk.headingPath) }
        }
        #expect(path(of: "Wipe the display") == ["Manual", "Maintenance", "Cleaning"])
        #expect(path(of: "Do not use sprays") == ["Manual", "Maintenance", "Cleaning"])
        #expect(path(of: "Updates install") == ["Manual", "Maintenance", "Software updates"])
        #expect(path(of: "You can see the version") == ["Manual", "Maintenance", "Software updates"])
        // A chunk of one section records none: its own path says it all.
        let installation = try #require(d.chunks.first { $0.text.contains("breaker") })
        #expect(installation.sections.isEmpty && installation.headingPath.last == "Installation")
    }

    @Test("the sections are stored with the chunk and read back; the Corpus manual's cleaning tip is under Cleaning")
    func stored() throws {
        let dir = try TestPaths.temporaryDirectory("chunk-sections")
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try Self.manual.write(to: corpus.appendingPathComponent("m.md"), atomically: true, encoding: .utf8)
        let chunker = ChunkerConfiguration(maxWords: 60, minWords: 25, overlapWords: 0)
        let scanned = try CorpusScanner(loader: DocumentLoader(chunker: Chunker(configuration: chunker))).scan(corpus)
            .documents[0]
        let index = dir.appendingPathComponent("index")
        _ = try Ingestor(index: index, options: IngestOptions(chunker: chunker)).ingest(corpus)
        let stored = try KnowledgeStore(directory: index, mustExist: true).chunks()
        #expect(stored.count == scanned.chunks.count)
        for (s, c) in zip(stored, scanned.chunks) {
            #expect(s.sections == c.sections && s.headingPath == c.headingPath)
        }
        #expect(stored.contains { !$0.sections.isEmpty })

        let thermo = try #require(
            try CorpusScanner().scan(TestPaths.corpus).documents.first { $0.metadata.id == "thermo-manual" })
        let chunk = try #require(thermo.chunks.first { $0.text.contains("Wipe the display") })
        let i = try #require(chunk.sentences.firstIndex { thermo.text.slice($0).hasPrefix("Wipe the display") })
        #expect(chunk.sections.headingPath(ofSentence: i, fallback: chunk.headingPath).last == "Cleaning")
    }
}
