import Foundation
import GroundedTesting
import Testing

/// Benchmarks, evaluations and training are in `grounded-lab`; `grounded eval`, `bench` and `train`
/// hand over to it with their arguments untouched.
@Suite("grounded eval/bench/train hand over to grounded-lab")
struct LabForwardingCLITests {
    @Test("the product binary forwards each command with its arguments, help included, and exit status")
    func forwards() throws {
        let help = try CLI.run(["eval", "corpus", "--help"])
        #expect(help.status == 0, "\(help.stderr)")
        #expect(help.stdout.contains("grounded-lab eval corpus") && help.stdout.contains("--embedder"))

        let missing = try CLI.run(["bench", "vectors", "--set", "/nonexistent/grounded-set"])
        let direct = try CLI.run(["bench", "vectors", "--set", "/nonexistent/grounded-set"], tool: CLI.lab)
        #expect(missing.status != 0 && missing.status == direct.status)
        // The same message from both (the underlying error's dictionary prints in no fixed order).
        let message = { (r: CLI.Result) in r.stderr.components(separatedBy: "(").first ?? "" }
        #expect(missing.stderr.contains("/nonexistent/grounded-set") && message(missing) == message(direct))

        let refused = try CLI.run(["train", "--held-out", "5"])
        #expect(refused.status != 0 && refused.stderr.contains("held-out"), "\(refused.stderr)")
    }

    @Test("the product's help lists the three commands; the lab's lists them as its own")
    func helpLists() throws {
        let product = try CLI.run(["--help"])
        let lines = product.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for command in ["eval", "bench", "train"] {
            #expect(lines.contains { $0.hasPrefix(command + " ") }, "\(product.stdout)")
        }
        #expect(product.stdout.components(separatedBy: "(runs").count == 4, "\(product.stdout)")
        let lab = try CLI.run(["--help"], tool: CLI.lab)
        #expect(lab.status == 0 && lab.stdout.contains("USAGE: grounded-lab <subcommand>"))
        #expect(lab.stdout.contains("eval") && lab.stdout.contains("bench") && lab.stdout.contains("train"))
    }
}
