import Foundation
import GroundedTesting
import Testing

@Suite("grounded-lab bench vectors")
struct VectorBenchCLITests {
    /// Writes `vectors` as an .fvecs file (int32 dimension, then the floats, per record).
    static func writeFvecs(_ vectors: [[Float]], to url: URL) throws {
        var data = Data()
        for v in vectors {
            withUnsafeBytes(of: Int32(v.count).littleEndian) { data.append(contentsOf: $0) }
            v.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        try data.write(to: url)
    }

    @Test("prints the sweep and writes JSON; without a ground-truth file it computes one exactly")
    func sweep() throws {
        let dir = try TestPaths.temporaryDirectory()
        try Self.writeFvecs(
            SeededVectors.clustered(count: 600, dimension: 12), to: dir.appendingPathComponent("base.fvecs"))
        try Self.writeFvecs(
            SeededVectors.clustered(count: 30, dimension: 12, seed: 3), to: dir.appendingPathComponent("query.fvecs"))
        let json = dir.appendingPathComponent("out.json")
        let r = try CLI.run(
            [
                "bench", "vectors", "--set", dir.path, "--ef", "16", "64", "--seconds", "0",
                "--threads", "2", "--filters", "--json", json.path,
            ], tool: CLI.lab)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("600 × 12, 30 queries") && r.stdout.contains("q/s 1 thread"))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as! [String: Any]
        let sweep = report["sweep"] as! [[String: Any]]
        #expect(sweep.map { $0["ef"] as! Int } == [16, 64])
        #expect((sweep[1]["recall"] as! Double) >= 0.95)
        #expect((report["filtered"] as! [[String: Any]]).count == 3)
        #expect((report["loadSeconds"] as! Double) > 0 && (report["fileBytes"] as! Int) > 600 * 12 * 4)

        let missing = try CLI.run(
            ["bench", "vectors", "--set", dir.appendingPathComponent("nowhere").path], tool: CLI.lab)
        #expect(missing.status != 0 && missing.stderr.contains("nowhere"))
    }
}
