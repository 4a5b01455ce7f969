import Foundation
import GroundedTesting
import Testing

@Suite("grounded-lab bench embedder")
struct EmbedderBenchCLITests {
    /// A test double for `Tools/minilm_reference.py --serve`: sentence-transformers may be missing
    /// where the tests run, and its timings could not be asserted anyway. It speaks the same
    /// protocol and reports 10 ms per text and 7.5 ms per query, so the figures it leads to are known.
    static let stubReference = """
        import json, sys
        print(json.dumps({"library": "stub reference"}), flush=True)
        for line in sys.stdin:
            request = json.loads(line)
            if "texts" in request:
                assert request["threads"] in (1, 2)
                print(json.dumps({"seconds": 0.01 * len(request["texts"])}), flush=True)
            else:
                print(json.dumps({"query_ms_median": 7.5, "query_tokens": 3}), flush=True)
        """

    static func bench(_ extra: [String], environment: [String: String] = [:]) throws -> CLI.Result {
        try CLI.run(
            [
                "bench", "embedder", "--documents",
                TestPaths.sharedData.appendingPathComponent("doc2dial/documents.jsonl").path,
                "--limit", "40", "--slice", "32", "--rounds", "2", "--repeats", "3",
            ] + extra, environment: environment)
    }

    /// The "kernels: USED of BEST" header line.
    static func kernels(_ r: CLI.Result) -> (used: String, best: String)? {
        guard let line = r.stdout.split(separator: "\n").first(where: { $0.hasPrefix("kernels: ") }) else { return nil }
        let words = line.split(separator: " ")
        return words.count >= 4 && words[2] == "of" ? (String(words[1]), String(words[3])) : nil
    }

    @Test("says which kernels run; GROUNDED_KERNELS=avx2 lowers them and the command still works")
    func kernelLevel() throws {
        let best = try Self.bench(["--reference", ""])
        #expect(best.status == 0, "\(best.stderr)")
        let used = try #require(Self.kernels(best))
        #expect(used.used == used.best && ["portable", "avx2", "avx512"].contains(used.best))

        let lowered = try Self.bench(["--reference", ""], environment: ["GROUNDED_KERNELS": "avx2"])
        #expect(lowered.status == 0, "\(lowered.stderr)")
        let capped = try #require(Self.kernels(lowered))
        #expect(capped.best == used.best && capped.used == (used.best == "portable" ? "portable" : "avx2"))
        #expect(
            lowered.stdout.split(separator: "\n").filter { $0.hasPrefix("batch 32,") && $0.contains("texts/s") }.count
                == 2)
    }

    /// The "precision: USED (asked: ASKED)" header line.
    static func precision(_ r: CLI.Result) -> String? {
        r.stdout.split(separator: "\n").first { $0.hasPrefix("precision: ") }.map(String.init)
    }

    @Test(
        """
        says which precision runs; int8 prints its cosine to float32; GROUNDED_ENCODER_PRECISION settles automatic \
        and an unknown one is refused
        """)
    func precisionChoice() throws {
        let float32 = try Self.bench(["--reference", "", "--precision", "float32"])
        #expect(float32.status == 0, "\(float32.stderr)")
        #expect(Self.precision(float32) == "precision: float32 (asked: float32)")
        #expect(!float32.stdout.contains("against float32"))

        let int8 = try Self.bench(["--reference", "", "--precision", "int8"])
        #expect(int8.status == 0, "\(int8.stderr)")
        #expect(Self.precision(int8) == "precision: int8 (asked: int8)")
        let agreement = try #require(int8.stdout.split(separator: "\n").first { $0.hasPrefix("int8 against float32") })
        let lowest = try #require(agreement.split(separator: " ").last.flatMap { Double($0) })
        #expect(lowest >= 0.99 && lowest < 1, "\(agreement)")

        let settled = try Self.bench(["--reference", ""], environment: ["GROUNDED_ENCODER_PRECISION": "float32"])
        #expect(settled.status == 0, "\(settled.stderr)")
        #expect(Self.precision(settled) == "precision: float32 (asked: automatic)")

        let refused = try Self.bench(["--reference", ""], environment: ["GROUNDED_ENCODER_PRECISION": "fp16"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("GROUNDED_ENCODER_PRECISION=fp16 is not a precision"), "\(refused.stderr)")
    }

    @Test("times ours and the reference slice by slice and prints both, their ratio and each round's")
    func paired() throws {
        let dir = try TestPaths.temporaryDirectory()
        let script = dir.appendingPathComponent("reference.py")
        try Self.stubReference.write(to: script, atomically: true, encoding: .utf8)
        let r = try Self.bench(["--reference", script.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("texts: 40 doc2dial chunks"))
        #expect(r.stdout.contains("2 slices of up to 32 texts"))
        #expect(r.stdout.contains("stub reference"))
        // 40 texts at 10 ms each: 100 texts/s on one thread and on two, whichever round is kept.
        let rows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("batch 32,") }
        #expect(rows.count == 2 && rows.allSatisfy { $0.contains("100.0 texts/s") && $0.contains("ours ÷ peer") })
        #expect(r.stdout.components(separatedBy: "each round alone:").count == 3)
        #expect(r.stdout.contains("7.50 ms"))
    }

    @Test(
        """
        without the reference it says so and still prints ours; a reference that quits is an error; bad options are \
        refused
        """
    )
    func alone() throws {
        let r = try Self.bench(["--reference", "/nonexistent/reference.py"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("reference: the reference exited"))
        #expect(r.stdout.contains("Python reference: not run"))
        #expect(
            r.stdout.split(separator: "\n").filter { $0.hasPrefix("batch 32,") && $0.contains("texts/s") }.count == 2)

        // A reference that quits after loading: a clear error and exit status 1, not a broken pipe's signal.
        let dir = try TestPaths.temporaryDirectory()
        let quitter = dir.appendingPathComponent("quitter.py")
        try "import json\nprint(json.dumps({\"library\": \"quitter\"}), flush=True)\n".write(
            to: quitter, atomically: true, encoding: .utf8)
        let quit = try Self.bench(["--reference", quitter.path])
        #expect(quit.status == 1 && quit.stderr.contains("the reference"), "\(quit.status) \(quit.stderr)")

        let bad = try CLI.run(["bench", "embedder", "--rounds", "0"], tool: CLI.lab)
        #expect(bad.status != 0 && bad.stderr.contains("--rounds"))
    }
}
