import Foundation
import Governance
import PostgresStorage
import Records
import Storage
import Synchronization
import Testing

/// The PostgreSQL store as replicas use it: a pool of connections written to from many threads
/// at once, and a server that drops every connection. Runs when `GROUNDED_TEST_POSTGRES_URL`
/// names a server (`Tools/test.sh` starts one), each test in a database of its own, so dropping
/// its connections touches no other test.
@Suite(
    "PostgreSQL connection pool",
    .enabled(if: !(ProcessInfo.processInfo.environment["GROUNDED_TEST_POSTGRES_URL"] ?? "").isEmpty))
struct PostgresPoolTests {
    static let server = ProcessInfo.processInfo.environment["GROUNDED_TEST_POSTGRES_URL"] ?? ""

    /// A new, empty database on the test server, and a connection to the server's own database
    /// for dropping its connections.
    static func freshDatabase() throws -> (url: String, admin: PostgresSQLDatabase, name: String) {
        let admin = try PostgresSQLDatabase(url: server, schema: "public", poolSize: 1)
        let name = "pool_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try admin.execute("CREATE DATABASE \(name)")
        var parts = try #require(URLComponents(string: server))
        parts.path = "/" + name
        return (try #require(parts.string), admin, String(name))
    }

    /// Writes from `threads` threads at once, `each` per thread: a customer resolved and an audit
    /// entry appended, each in its own transaction. Returns the writes acknowledged (no error).
    static func write(
        _ store: ServiceStore, threads: Int, each: Int, tag: String
    ) -> (customers: [String], audited: Int, errors: [String]) {
        struct Tally {
            var customers: [String] = []
            var audited = 0
            var errors: [String] = []
        }
        let tally = Mutex(Tally())
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for i in 0..<each {
                do {
                    let email = "\(tag)-\(t)-\(i)@example.com"
                    _ = try store.customers.resolve([Identity(.email, email)])
                    tally.withLock { $0.customers.append(email) }
                    try store.audit.append(
                        AuditEvent(actor: "test", action: "write", subject: email, outcome: "written"))
                    tally.withLock { $0.audited += 1 }
                } catch {
                    tally.withLock { $0.errors.append(String(describing: error)) }
                }
            }
        }
        return tally.withLock { ($0.customers, $0.audited, $0.errors) }
    }

    @Test("eight threads write through a pool of four: every write lands and the audit chain verifies")
    func concurrentWriters() throws {
        let (url, admin, name) = try Self.freshDatabase()
        defer { try? admin.execute("DROP DATABASE \(name) WITH (FORCE)") }
        let database = try PostgresSQLDatabase(url: url + "?pool=4", schema: "service")
        #expect(database.poolSize == 4)
        let store = try ServiceStore(database: database)
        let result = Self.write(store, threads: 8, each: 12, tag: "w")
        #expect(result.errors.isEmpty, "\(result.errors.prefix(3))")
        #expect(try store.customers.count() == 96 && result.audited == 96)
        for email in result.customers {
            #expect(try store.customers.customer(for: Identity(.email, email)) != nil)
        }
        let entries = try store.audit.entries()
        #expect(entries.count == 96 && entries.map(\.sequence) == Array(1...96) && AuditChain.verify(entries).intact)
    }

    @Test("after the server drops every connection the store recovers by itself and keeps every acknowledged write")
    func recoversFromDroppedConnections() throws {
        let (url, admin, name) = try Self.freshDatabase()
        defer { try? admin.execute("DROP DATABASE \(name) WITH (FORCE)") }
        let store = try ServiceStore(database: try PostgresSQLDatabase(url: url, schema: "service", poolSize: 4))
        let before = Self.write(store, threads: 4, each: 5, tag: "before")
        #expect(before.errors.isEmpty)
        // As a restart does to every open connection: the server ends them all.
        let dropped = try admin.query(
            "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = ?", [name])
        #expect((dropped.first?["n"].int ?? 0) >= 1, "the pool's connections were open")
        let after = Self.write(store, threads: 4, each: 5, tag: "after")
        #expect(after.errors.isEmpty, "a dropped connection is replaced, not reported: \(after.errors.prefix(2))")
        let acknowledged = before.customers + after.customers
        #expect(acknowledged.count == 40 && before.audited + after.audited == 40)
        for email in acknowledged {
            #expect(try store.customers.customer(for: Identity(.email, email)) != nil, "\(email) was lost")
        }
        let entries = try store.audit.entries()
        #expect(AuditChain.verify(entries).intact && entries.count == 40)
    }

    @Test("a transaction whose connection is dropped midway fails whole; the next runs on a fresh connection")
    func droppedMidTransaction() throws {
        let (url, admin, name) = try Self.freshDatabase()
        defer { try? admin.execute("DROP DATABASE \(name) WITH (FORCE)") }
        let store = try ServiceStore(database: try PostgresSQLDatabase(url: url, schema: "service", poolSize: 2))
        #expect(throws: PostgresStoreError.self) {
            try store.database.transaction {
                _ = try store.customers.resolve([Identity(.email, "lost@example.com")])
                let pid = try #require(try store.database.query("SELECT pg_backend_pid() AS pid").first?["pid"].int)
                // Waits (up to 5 s) until that backend is gone.
                _ = try admin.query("SELECT pg_terminate_backend(?, 5000) AS done", [pid])
                _ = try store.customers.resolve([Identity(.email, "also-lost@example.com")])
            }
        }
        #expect(try store.customers.count() == 0, "nothing of the broken transaction was committed")
        _ = try store.customers.resolve([Identity(.email, "kept@example.com")])
        #expect(try store.customers.count() == 1)
    }

    @Test("writers of one customer or conversation take turns: one customer, one conversation, turns numbered once")
    func keyedLocks() throws {
        let (url, admin, name) = try Self.freshDatabase()
        defer { try? admin.execute("DROP DATABASE \(name) WITH (FORCE)") }
        let store = try ServiceStore(database: try PostgresSQLDatabase(url: url, schema: "service", poolSize: 8))
        // Open the pool's eight connections first, so the writers below start together.
        DispatchQueue.concurrentPerform(iterations: 8) { _ in _ = try? store.customers.count() }
        for round in 0..<6 {
            // Eight threads released at once, each a new message from the same new customer.
            let results = Mutex<[(customer: String, conversation: String)]>([])
            let start = DispatchSemaphore(value: 0)
            let done = DispatchSemaphore(value: 0)
            for t in 0..<8 {
                Thread {
                    defer { done.signal() }
                    start.wait()
                    guard let customer = try? store.customers.resolve([Identity(.email, "same\(round)@example.com")]),
                        let conversation = try? store.conversations.current(for: customer.id),
                        (try? store.conversations.append(
                            [Turn(channel: "chat", author: .customer, text: "message \(t)")], to: conversation.id))
                            != nil
                    else { return }
                    results.withLock { $0.append((customer.id, conversation.id)) }
                }.start()
            }
            Thread.sleep(forTimeInterval: 0.05)
            for _ in 0..<8 { start.signal() }
            for _ in 0..<8 { done.wait() }
            let all = results.withLock { $0 }
            #expect(all.count == 8, "every write succeeded")
            #expect(Set(all.map(\.customer)).count == 1, "one customer, not \(Set(all.map(\.customer)).count)")
            #expect(Set(all.map(\.conversation)).count == 1)
            let conversation = try #require(all.first?.conversation)
            let turns = try #require(try store.conversations.conversation(id: conversation)).turns
            #expect(turns.map(\.index) == Array(0..<8) && Set(turns.map(\.text)).count == 8)
        }
        #expect(try store.customers.count() == 6)
    }

    @Test("a malformed pool size is refused with what to use")
    func poolSize() throws {
        for bad in ["?pool=0", "?pool=lots"] {
            #expect(throws: PostgresStoreError.self) {
                try PostgresSQLDatabase(url: Self.server + bad, schema: "service")
            }
        }
    }
}
