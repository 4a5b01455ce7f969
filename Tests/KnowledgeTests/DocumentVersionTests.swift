import Foundation
import GroundedCore
import GroundedTesting
import Storage
import Testing

@testable import Knowledge

@Suite("Document versions")
struct DocumentVersionTests {
    typealias Fixture = IngestionTests
    static let window45 = "You can return most items within 45 days of delivery."
    static let window50 = "You can return most items within 50 days of delivery."

    /// The fixture's corpus with `returns` version 2 (a 45-day window), ingested.
    static func indexed() throws -> (corpus: URL, index: URL) {
        let corpus = try TestPaths.temporaryDirectory("corpus")
        let index = try TestPaths.temporaryDirectory("index")
        var files = Fixture.base
        files["returns.md"] = Fixture.doc("returns", version: "2", Self.window45)
        try Fixture.write(files, to: corpus)
        _ = try Ingestor(index: index).ingest(corpus)
        return (corpus, index)
    }

    @Test("a version that leaves the corpus keeps its text: old citations still read, new answers never cite it")
    func retiredVersionsKeepTheirText() throws {
        let (corpus, index) = try Self.indexed()
        try Fixture.write(["returns.md": Fixture.doc("returns", version: "3", Self.window50)], to: corpus)
        try FileManager.default.removeItem(at: corpus.appendingPathComponent("warranty.txt"))
        let second = try Ingestor(index: index).ingest(corpus)
        #expect(Set(second.removed) == ["returns@2", "warranty@1"])

        let kb = try KnowledgeBase.open(index)
        #expect(kb.document(id: "returns")?.metadata.version == "3", "without a version: the live one")
        let old = try #require(kb.document(id: "returns", version: "2"), "the retired version is still readable")
        #expect(old.text.string.contains(Self.window45) && old.retiredRun == second.runID)
        #expect(old.integrity == .verified)
        #expect(kb.document(id: "warranty", version: "1")?.retiredRun != nil)
        #expect(kb.document(id: "warranty") == nil, "a retired document is not live")
        #expect(!kb.documents.values.contains { $0.metadata.id == "warranty" }, "nor retrieved")

        #expect(old.text.string.contains(Self.window45), "an old answer's quote reads in the text then in force")
        let versions = try KnowledgeStore(directory: index).archivedVersions().filter { $0.documentID == "returns" }
        #expect(versions.map(\.version) == ["2", "3"] && versions.map { $0.retiredRun == nil } == [false, true])

        // The same version may come back only with the same text.
        try Fixture.write(
            ["returns.md": Fixture.doc("returns", version: "2", "You can return items within 30 days.")], to: corpus)
        #expect {
            try Ingestor(index: index).ingest(corpus)
        } throws: { "\($0)".contains("returns.md (returns version 2) changed but its version did not") }
        try Fixture.write(["returns.md": Fixture.doc("returns", version: "2", Self.window45)], to: corpus)
        let back = try Ingestor(index: index).ingest(corpus)
        #expect(back.added == ["returns@2"] && back.removed == ["returns@3"])
        let now = try KnowledgeBase.open(index)
        #expect(now.document(id: "returns", version: "2")?.retiredRun == nil, "live again")
        #expect(now.document(id: "returns", version: "3")?.retiredRun == back.runID)
    }

    @Test("automatic versioning stores a changed text as the next version and keeps the previous text")
    func automaticVersioning() throws {
        let (corpus, index) = try Self.indexed()
        try Fixture.write(["returns.md": Fixture.doc("returns", version: "2", Self.window50)], to: corpus)
        #expect(throws: KnowledgeError.self) { try Ingestor(index: index).ingest(corpus) }

        var options = IngestOptions()
        options.versioning = .automatic
        let plan = try Ingestor(index: index, options: options).plan(corpus)
        #expect(plan.autoVersioned == ["returns: 2 → 2+1"] && plan.refused.isEmpty)
        let report = try Ingestor(index: index, options: options).ingest(corpus)
        #expect(report.autoVersioned == ["returns: 2 → 2+1"])
        #expect(report.added == ["returns@2+1"] && report.removed == ["returns@2"])
        #expect(try KnowledgeStore(directory: index).versioning() == .automatic, "the index keeps the choice")

        // Later ingests version automatically without being told, and an unchanged corpus is skipped.
        let again = try Ingestor(index: index).ingest(corpus)
        #expect(again.added.isEmpty && again.skipped.contains("returns@2+1"))
        try Fixture.write(
            ["returns.md": Fixture.doc("returns", version: "2", "Returns are accepted for 60 days.")],
            to: corpus)
        #expect(try Ingestor(index: index).ingest(corpus).added == ["returns@2+2"])
        // Going back to an earlier text takes that text's version again.
        try Fixture.write(["returns.md": Fixture.doc("returns", version: "2", Self.window45)], to: corpus)
        #expect(try Ingestor(index: index).ingest(corpus).added == ["returns@2"])

        let kb = try KnowledgeBase.open(index)
        #expect(kb.document(id: "returns", version: "2+1")?.text.string.contains(Self.window50) == true)
        #expect(kb.document(id: "returns")?.metadata.version == "2")
        // An author's own new version is taken as declared.
        try Fixture.write(["returns.md": Fixture.doc("returns", version: "4", Self.window50)], to: corpus)
        #expect(try Ingestor(index: index).ingest(corpus).added == ["returns@4"])
    }

    @Test("the automatic version: declared when new or the same text, else the version naming the text, else the next")
    func nextVersion() {
        let stored = [("2", "a"), ("2+1", "b"), ("2+3", "c"), ("2+x", "d")]
        #expect(DocumentVersioning.version(declared: "3", sha256: "z", stored: stored) == "3")
        #expect(DocumentVersioning.version(declared: "2", sha256: "a", stored: stored) == "2")
        #expect(DocumentVersioning.version(declared: "2", sha256: "c", stored: stored) == "2+3")
        #expect(DocumentVersioning.version(declared: "2", sha256: "z", stored: stored) == "2+4")
        #expect(DocumentVersioning.version(declared: "2", sha256: "d", stored: stored) == "2+4")
    }

    @Test("a store from before the archive gets its live versions archived when it is opened")
    func migration() throws {
        let corpus = try TestPaths.temporaryDirectory("corpus")
        let index = try TestPaths.temporaryDirectory("index")
        try Fixture.write(Fixture.base, to: corpus)
        _ = try Ingestor(index: index).ingest(corpus)
        let store = try KnowledgeStore(directory: index)
        // Roll the store back to before the archive: drop it and set the schema version back.
        try store.database.execute("DROP TABLE document_versions; PRAGMA user_version = 4;")
        let reopened = try KnowledgeStore(directory: index)
        let versions = try reopened.archivedVersions()
        #expect(Set(versions.map(\.key)) == ["refunds@1", "shipping@1", "warranty@1", "camera@1"])
        #expect(versions.allSatisfy { $0.retiredRun == nil })
        let camera = try #require(try reopened.archivedDocument(id: "camera", version: "1"))
        #expect(camera.metadata.title == "Camera" && camera.integrity == .verified)
    }
}
