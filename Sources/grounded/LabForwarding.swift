import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `grounded eval`, `grounded bench` and `grounded train` live in the `grounded-lab` executable, so the
/// product binary carries no benchmark, evaluation or training code. These commands keep the old
/// spellings working by replacing this process with `grounded-lab` from the same folder.
enum LabForwarding {
    /// The `grounded-lab` binary beside this one.
    static var executable: URL {
        let own = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return own.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("grounded-lab")
    }

    /// Replaces this process with `grounded-lab <arguments>`; returns only by throwing.
    /// - Throws: `ValidationError` saying how to build `grounded-lab` when it is not beside this binary
    ///   or cannot be started.
    static func run(_ arguments: [String]) throws -> Never {
        let path = executable.path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ValidationError(
                "benchmarks, evaluations and training are in grounded-lab, which is not at \(path): build it with "
                    + "`swift build -c release --product grounded-lab` and run `grounded-lab "
                    + arguments.joined(separator: " ") + "`")
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let reason = String(cString: strerror(errno))
        throw ValidationError("could not start \(path): \(reason)")
    }
}

/// `grounded eval …`, run by `grounded-lab eval …`.
struct EvaluateForward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Quality on public data and on the question suite (runs grounded-lab eval).")

    @Argument(parsing: .captureForPassthrough, help: "What grounded-lab eval takes.")
    var arguments: [String] = []

    func run() throws { try LabForwarding.run(["eval"] + arguments) }
}

/// `grounded bench …`, run by `grounded-lab bench …`.
struct BenchForward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks that print figures (runs grounded-lab bench).")

    @Argument(parsing: .captureForPassthrough, help: "What grounded-lab bench takes.")
    var arguments: [String] = []

    func run() throws { try LabForwarding.run(["bench"] + arguments) }
}

/// `grounded train …`, run by `grounded-lab train …`.
struct TrainForward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Fit the trained models on public data (runs grounded-lab train).")

    @Argument(parsing: .captureForPassthrough, help: "What grounded-lab train takes.")
    var arguments: [String] = []

    func run() throws { try LabForwarding.run(["train"] + arguments) }
}
