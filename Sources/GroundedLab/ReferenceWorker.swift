import Foundation

/// The Python reference of `grounded-lab bench embedder` as a long-lived child process:
/// `Tools/minilm_reference.py --serve` loads sentence-transformers once, then answers one JSON
/// request per line. Keeping it alive lets the benchmark time each slice of texts here and there
/// moments apart, so a noisy neighbour slows both sides alike.
///
/// Thread safety: none; one caller at a time.
final class ReferenceWorker {
    /// What the reference runs on, e.g. "sentence-transformers 6.2.0, torch 2.15.0".
    let library: String
    private let process = Process()
    private let requests = Pipe()
    private let answers = Pipe()
    private var pending = Data()

    /// Starts the script and waits for the model to load.
    /// - Throws: `ReferenceWorker.Failure` when python3 or the script cannot start, or the
    ///   script reports that sentence-transformers is missing.
    init(script: String, model: String) throws {
        // A reference that dies must turn the next request into an error, not end this process.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--model", model, "--serve"]
        process.standardInput = requests
        process.standardOutput = answers
        do { try process.run() } catch { throw Failure("python3 \(script) did not start: \(error)") }
        let hello = try Self.object(try Self.readLine(from: answers.fileHandleForReading, pending: &pending))
        if let error = hello["error"] as? String {
            Self.end(process, requests)
            throw Failure(error)
        }
        library = hello["library"] as? String ?? "the Python reference"
    }

    /// Seconds the reference takes to embed `texts` at batch 32 on `threads` threads, timed in Python.
    func seconds(_ texts: [String], threads: Int) throws -> Double {
        let answer = try ask(["texts": texts, "threads": threads])
        guard let seconds = answer["seconds"] as? Double else {
            throw Failure("no time in the reference's answer: \(answer)")
        }
        return seconds
    }

    /// The reference's median latency, in milliseconds, of embedding `query` alone on one thread.
    func queryMilliseconds(_ query: String, repeats: Int) throws -> Double {
        let answer = try ask(["query": query, "repeats": repeats])
        guard let ms = answer["query_ms_median"] as? Double else {
            throw Failure("no latency in the reference's answer: \(answer)")
        }
        return ms
    }

    /// Ends the script (it exits at the end of its input).
    func close() { Self.end(process, requests) }

    private static func end(_ process: Process, _ requests: Pipe) {
        try? requests.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    private func ask(_ request: [String: Any]) throws -> [String: Any] {
        var line = try JSONSerialization.data(withJSONObject: request)
        line.append(0x0A)
        do { try requests.fileHandleForWriting.write(contentsOf: line) } catch {
            throw Failure("the reference stopped reading: \(error)")
        }
        return try Self.object(try Self.readLine(from: answers.fileHandleForReading, pending: &pending))
    }

    private static func readLine(from handle: FileHandle, pending: inout Data) throws -> Data {
        while true {
            if let end = pending.firstIndex(of: 0x0A) {
                let line = pending.subdata(in: pending.startIndex..<end)
                pending = pending.subdata(in: (end + 1)..<pending.endIndex)
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty { throw Failure("the reference exited without an answer (its error is above)") }
            pending.append(chunk)
        }
    }

    private static func object(_ line: Data) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
            throw Failure(
                "the reference answered with something other than JSON: "
                    + "\(String(decoding: line.prefix(200), as: UTF8.self))"
            )
        }
        return object
    }

    /// Why the reference could not run or answer.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
