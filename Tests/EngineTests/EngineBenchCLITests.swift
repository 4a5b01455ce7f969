import Foundation
import GroundedTesting
import Testing

@Suite("grounded-lab bench engine")
struct EngineBenchCLITests {
    @Test("with --embedder minilm it ingests with MiniLM (384 dimensions) and times the questions given")
    func miniLM() throws {
        let questions = try TestPaths.temporaryDirectory().appendingPathComponent("q.jsonl")
        try #"{"question": "How long do I have to return an item?"}"#.appending("\n")
            .write(to: questions, atomically: true, encoding: .utf8)
        let r = try CLI.run(
            ["bench", "engine", "--embedder", "minilm", "--questions", questions.path, "--asks", "3"], tool: CLI.lab)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("vector dimension 384"), "\(r.stdout)")
        #expect(r.stdout.contains("ask: 3 questions") && r.stdout.contains("answered 3, declined 0"))
        #expect(!r.stdout.contains("embedder fitted"))
    }
}
