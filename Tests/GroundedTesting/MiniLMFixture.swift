import Engine
import Foundation

/// The sample corpus ingested once per test process with the native MiniLM embedder.
public enum MiniLMFixture {
    /// The model folder `Tools/fetch-model.sh` fills (the test command runs it first).
    public static let model = TestPaths.packageRoot.appendingPathComponent(MiniLMEmbedder.defaultDirectory)

    public static let index: URL = {
        let dir = try! TestPaths.temporaryDirectory("minilm-index")
        _ = try! GroundedEngine.ingest(
            corpus: TestPaths.corpus, index: dir, options: IngestOptions(embedder: .miniLM(directory: model)))
        return dir
    }()

    public static let engine: GroundedEngine = try! GroundedEngine(index: index)
}
