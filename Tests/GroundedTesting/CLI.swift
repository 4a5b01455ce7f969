import Foundation

/// Runs the real `grounded` (or `grounded-lab`) executable built beside the test bundle.
public enum CLI {
    /// The product's command line.
    public static let product = "grounded"
    /// Benchmarks, evaluations and training.
    public static let lab = "grounded-lab"

    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `grounded` binary in the build folder that holds the running test bundle.
    public static var executable: URL { executable(named: product) }

    /// The binary called `name` in the build folder that holds the running test bundle.
    public static func executable(named name: String) -> URL {
        var dir = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return TestPaths.packageRoot.appendingPathComponent(".build/debug/\(name)")
    }

    /// Runs `grounded` (or the `tool` named) with `arguments` in `directory`, with `environment` added
    /// to this process's, and waits for it.
    public static func run(
        _ arguments: [String], in directory: URL = TestPaths.packageRoot,
        environment: [String: String] = [:], tool: String = product
    ) throws -> Result {
        let process = try start(arguments, in: directory, environment: environment, tool: tool)
        let out = process.standardOutput as! Pipe
        let err = process.standardError as! Pipe
        // Read both pipes to the end before waiting, so a chatty child never blocks on a full pipe.
        let errData = LockedData()
        let errReader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.isSet { usleep(1000) }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.value, as: UTF8.self))
    }

    /// Starts `grounded` (or the `tool` named) without waiting (for tests that kill it).
    public static func start(
        _ arguments: [String], in directory: URL = TestPaths.packageRoot,
        environment: [String: String] = [:], tool: String = product
    ) throws -> Process {
        let process = Process()
        process.executableURL = executable(named: tool)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = directory
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        return process
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false
    func set(_ d: Data) {
        lock.lock()
        data = d
        done = true
        lock.unlock()
    }
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return done
    }
    var value: Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
