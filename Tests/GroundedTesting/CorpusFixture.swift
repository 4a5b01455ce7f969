import Engine
import Foundation

/// The sample corpus ingested once per test process into a temporary index folder.
public enum CorpusFixture {
    /// The index folder of `Corpus/` (built on first use).
    public static let index: URL = {
        let dir = try! TestPaths.temporaryDirectory("corpus-index")
        _ = try! GroundedEngine.ingest(corpus: TestPaths.corpus, index: dir)
        return dir
    }()

    /// An engine over that index.
    public static let engine: GroundedEngine = try! GroundedEngine(index: index)
}
