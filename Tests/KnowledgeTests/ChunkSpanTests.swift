import Foundation
import GroundedCore
import GroundedTesting
import Testing

@testable import Knowledge

@Suite("Chunks keep exact spans")
struct ChunkSpanTests {
    /// The invariant every citation rests on, plus sanity of sizes and coverage.
    func check(_ d: SourceDocument, maxWords: Int) {
        #expect(!d.chunks.isEmpty, "\(d.sourcePath) has no chunks")
        for c in d.chunks {
            #expect(c.span.end <= d.text.count)
            #expect(d.text.slice(c.span) == c.text, "\(d.sourcePath) chunk \(c.ordinal)")
            #expect(c.documentID == d.metadata.id && c.documentVersion == d.metadata.version)
            for s in c.sentences { #expect(s.start >= c.span.start && s.end <= c.span.end) }
            let words = c.text.split(whereSeparator: \.isWhitespace).count
            // Packing stays within budget, plus merged tiny fragments and overlap.
            #expect(words <= maxWords + 25 + 30, "\(d.sourcePath) chunk \(c.ordinal) has \(words) words")
        }
        #expect(zip(d.chunks, d.chunks.dropFirst()).allSatisfy { $0.span.start < $1.span.start })
    }

    @Test("every chunk of every document in Corpus/ slices to its text")
    func corpus() throws {
        let result = try CorpusScanner().scan(TestPaths.corpus)
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.documents.count >= 40)
        #expect(Set(result.documents.map(\.format)) == Set(DocumentFormat.allCases))
        for d in result.documents { check(d, maxWords: ChunkerConfiguration().maxWords) }
        // Headings reach the chunks: the manual's chunks carry nested heading paths.
        let manual = try #require(result.documents.first { $0.metadata.id == "thermo-manual" })
        #expect(manual.chunks.contains { $0.headingPath.count >= 3 })
        #expect(manual.chunks.count >= 8)
    }

    @Test("every chunk of every doc2dial document slices to its text, and gold spans survive")
    func doc2dial() throws {
        let url = TestPaths.sharedData.appendingPathComponent("doc2dial/documents.jsonl")
        let (documents, problems) = try DocumentLoader().loadJSONL(url, relativePath: "documents.jsonl")
        #expect(problems.isEmpty)
        #expect(documents.count == 273)
        for d in documents { check(d, maxWords: ChunkerConfiguration().maxWords) }
        // The citable text is the data set's text unchanged, so its character offsets apply as they are.
        struct Q: Decodable {
            struct A: Decodable {
                let text: String
                let start: Int
                let end: Int
            }
            let doc_id: String
            let answer: A
        }
        let byID = Dictionary(uniqueKeysWithValues: documents.map { ($0.metadata.id, $0) })
        let lines = try String(
            contentsOf: TestPaths.sharedData.appendingPathComponent("doc2dial/questions.jsonl"), encoding: .utf8
        )
        .split(separator: "\n").prefix(200)
        for line in lines {
            let q = try JSONDecoder().decode(Q.self, from: Data(line.utf8))
            let d = try #require(byID[q.doc_id])
            #expect(d.text.slice(q.answer.start..<q.answer.end) == q.answer.text)
            #expect(d.chunks.contains { $0.span.overlaps(TextSpan(start: q.answer.start, end: q.answer.end)) })
        }
    }

    @Test("long sections split by sentence with overlap; tiny sections merge")
    func packing() throws {
        let sentence = "This sentence has exactly eight words in it."
        let body = (0..<40).map { _ in sentence }.joined(separator: " ")
        let text = "---\nid: p\ntitle: P\nversion: 1\n---\n# Big\n\n\(body)\n\n## Tiny\n\nShort.\n"
        let d = try DocumentLoader(chunker: Chunker(configuration: .init(maxWords: 60, minWords: 10, overlapWords: 10)))
            .document(
                source: SourceText(text), bodyStart: try FrontMatter.parse(SourceText(text)).bodyStart,
                metadata: DocumentMetadata(id: "p", title: "P"), format: .markdown, path: "p.md")
        check(d, maxWords: 60)
        #expect(d.chunks.count >= 5)
        // Consecutive chunks of the long section share their boundary sentence.
        #expect(d.chunks[1].span.start < d.chunks[0].span.end)
        // The one-word section is not a chunk of its own.
        #expect(d.chunks.allSatisfy { $0.text.split(whereSeparator: \.isWhitespace).count >= 10 })
        #expect(d.chunks.last!.text.hasSuffix("Short."))
    }
}
