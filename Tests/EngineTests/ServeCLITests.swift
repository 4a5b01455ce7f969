import Foundation
import GroundedTesting
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
        let mode = try #require(
            try FileManager.default.attributesOfItem(atPath: keyFile.path)[.posixPermissions] as? Int)
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
        #expect(messages.allSatisfy { $0.count <= 160 } && messages.last?.contains("\(base)/a/") == true)
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("service.sqlite").path))

        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "a graceful shutdown exits 0")
    }

    /// POSTs JSON with a key and returns the decoded object.
    static func post(_ url: String, key: String, json: String) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(json.utf8)
        let (body, _) = try await URLSession.shared.data(for: request)
        return try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    }

    /// Waits (up to `seconds`) for the process to exit; whether it did.
    static func exits(_ process: Process, within seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return !process.isRunning
    }

    @Test("SIGTERM with an agent's assist stream open: the agent gets a closing event, the process exits 0")
    func stopsWithOpenStream() async throws {
        let data = try TestPaths.temporaryDirectory("serve-stream")
        let process = try CLI.start([
            "serve", "--index", CorpusFixture.index.path, "--port", "0", "--data", data.path,
            "--stream-keep-alive", "0.2", "--shutdown-deadline", "3", "--retention-hours", "0",
        ])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let port = try Self.port(of: process)
        let key = try String(contentsOf: data.appendingPathComponent("admin.key"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let handed = try await Self.post(
            "http://127.0.0.1:\(port)/v1/answer", key: key,
            json: #"{"message": "Can I talk to a person?", "customer": {"email": "kim@example.com"}}"#)
        let id = try #require(handed["conversationID"] as? String)

        let agent = try RawHTTPClient(port: port)
        try agent.get("/v1/conversations/\(id)/assist", headers: ["Authorization": "Bearer \(key)"])
        #expect(await agent.read(until: ": keep-alive", timeout: 10), "\(agent.received)")
        process.terminate()
        #expect(await agent.read(until: "event: closing", timeout: 10), "\(agent.received)")
        #expect(agent.received.contains("\"reconnect\":true"))
        #expect(try await Self.exits(process, within: 30), "the server stops although the agent stays connected")
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    @Test("--timeout, --stream-keep-alive and --shutdown-deadline refuse what is not a number of seconds")
    func refusesBadSeconds() throws {
        for (option, value) in [
            ("--timeout", "nan"), ("--stream-keep-alive", "inf"), ("--shutdown-deadline", "-1"),
            ("--retention-hours", "1e30"),
        ] {
            let result = try CLI.run(["serve", "--index", CorpusFixture.index.path, "--port", "0", option, value])
            #expect(result.status != 0 && result.stderr.contains(option), "\(option) \(value): \(result.stderr)")
        }
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
