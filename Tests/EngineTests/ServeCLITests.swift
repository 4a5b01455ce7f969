import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GroundedTesting
import Testing

@Suite("grounded serve")
struct ServeCLITests {
    /// Reads the child's stdout until the line that names the port it listens on.
    static func port(of process: Process) throws -> Int {
        let handle = (process.standardOutput as! Pipe).fileHandleForReading
        var text = ""
        while text.firstMatch(of: /on http:\/\/127\.0\.0\.1:(\d+).*\n/) == nil {
            let data = handle.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        let match = try #require(text.firstMatch(of: /on http:\/\/127\.0\.0\.1:(\d+)/), "\(text)")
        return try #require(Int(match.1))
    }

    @Test("serves health and grounded answers over real HTTP, and stops cleanly on SIGINT")
    func servesAndStops() async throws {
        let data = try TestPaths.temporaryDirectory("serve-data")
        let process = try CLI.start(["serve", "--index", CorpusFixture.index.path, "--port", "0", "--data", data.path])
        defer { if process.isRunning { process.terminate() } }
        let port = try Self.port(of: process)
        let base = "http://127.0.0.1:\(port)"

        let (health, healthResponse) = try await URLSession.shared.data(from: URL(string: base + "/health")!)
        #expect((healthResponse as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: health, as: UTF8.self).contains("ok"))

        // The first start made an admin key, readable by its owner only.
        let keyFile = data.appendingPathComponent("admin.key")
        let key = try String(contentsOf: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: keyFile.path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)

        var request = URLRequest(url: URL(string: base + "/v1/answer")!)
        request.httpMethod = "POST"
        let (_, unauthorized) = try await URLSession.shared.data(for: request)
        #expect((unauthorized as? HTTPURLResponse)?.statusCode == 401, "no key, no answer")
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"message": "How long do I have to return an item?", "channel": "sms"}"#.utf8)
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let answer = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(answer["status"] as? String == "answered")
        let messages = try #require(answer["messages"] as? [String])
        #expect(messages.allSatisfy { $0.count <= 160 } && messages.last?.contains("\(base)/v1/answers/") == true)
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("service.sqlite").path))

        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "a graceful shutdown exits 0")
    }

    @Test("a bad setting or a missing index stops it before it listens, saying why")
    func refusesToStart() throws {
        let badPort = try CLI.run(["serve", "--index", CorpusFixture.index.path, "--port", "70000"])
        #expect(badPort.status != 0 && badPort.stderr.contains("port 70000"))
        let missing = try TestPaths.temporaryDirectory("no-index")
        let noIndex = try CLI.run(["serve", "--index", missing.path, "--port", "0"])
        #expect(noIndex.status != 0 && noIndex.stderr.contains("no index at"))
    }
}
