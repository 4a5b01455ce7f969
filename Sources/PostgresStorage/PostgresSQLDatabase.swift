import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Storage

/// A PostgreSQL database behind the `SQLDatabase` protocol, so that several server replicas share
/// one store: a pool of connections (postgres-nio) to `url`, in one schema, with every call made
/// synchronous for the stores above it.
///
/// Each call outside a transaction takes a connection from the pool for that statement; a
/// transaction holds one connection, bound to the calling thread, from `BEGIN` to `COMMIT`, so
/// the statements of its body (and transactions nested in it) run on it. Up to `poolSize`
/// callers run statements at once. After the server restarts, or drops connections, the pool
/// opens fresh ones: a statement or a `BEGIN` that finds its connection gone is tried once more
/// on a new connection (a connection closed while idle never ran it; every write the stores make
/// outside a transaction is keyed or idempotent, so one whose reply was lost is not applied
/// twice); a transaction that loses its connection midway fails whole — nothing of it was
/// committed — and the next one gets a fresh connection. A
/// statement whose reply does not come within `statementTimeout` gives its connection up the same
/// way, so no caller waits forever on a connection that will never answer.
///
/// The stores' SQL is written once: `?` and `?1` parameters become `$1`…, `REAL` columns become
/// `DOUBLE PRECISION`, `INTEGER` becomes `BIGINT` and an `INTEGER PRIMARY KEY` a `BIGSERIAL`.
/// Migrations are numbered in the schema's `grounded_migrations` table.
///
/// Thread safety: callable from any thread but an event loop (calls wait on a connection's event
/// loop; the server calls stores from dispatch threads). A transaction's body must run on the
/// thread that began it, as every synchronous body does.
public final class PostgresSQLDatabase: SQLDatabase, @unchecked Sendable {
    public var dialect: SQLDialect { .postgres }
    public let location: String
    /// The schema every statement runs in (one per tenant).
    public let schema: String
    /// The most connections open at once.
    public var poolSize: Int { pool.size }

    /// Default connections per store: the server's load tests use 8 client connections, each
    /// busy with one request at a time; PostgreSQL's default `max_connections` (100) leaves room
    /// for ten such replicas with their key stores. `?pool=N` in the URL sets another size.
    public static let defaultPoolSize = 8

    /// How long one statement may wait for its reply before its connection is given up as lost.
    /// Default 15 s: longer than the server's request timeout (10 s), so only a connection that
    /// will never answer (a server gone silent, a cut network) reaches it, never a busy one.
    public let statementTimeout: Duration

    private let pool: PostgresConnectionPool
    /// The thread-dictionary key of this database's transaction on a thread.
    private let sessionKey = "grounded.postgres." + UUID().uuidString
    private let logger: Logger

    /// A transaction in progress on one thread: its connection and how deep it is nested.
    private final class Session {
        let connection: PostgresConnection
        init(_ connection: PostgresConnection) { self.connection = connection }
    }

    /// Connects to `url` (`postgres://user[:password]@host[:port]/database[?pool=N]`) and uses
    /// `schema`, creating it when missing.
    /// - Parameters:
    ///   - poolSize: the most connections at once; nil takes `?pool=N` from the URL, else
    ///     `defaultPoolSize`.
    ///   - statementTimeout: how long a statement may wait for its reply (see `statementTimeout`).
    /// - Throws: `PostgresStoreError` when the URL or pool size is malformed or the server cannot
    ///   be reached.
    public init(url: String, schema: String, poolSize: Int? = nil, statementTimeout: Duration = .seconds(15)) throws {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
            let host = parts.host, let user = parts.user
        else {
            throw PostgresStoreError(
                "`\(url)` is not a PostgreSQL URL: use postgres://user[:password]@host[:port]/database")
        }
        guard schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), !schema.isEmpty else {
            throw PostgresStoreError("schema `\(schema)` must be letters, digits and underscores")
        }
        let requested = parts.queryItems?.first { $0.name == "pool" }?.value
        let size =
            try poolSize ?? requested.map { text in
                guard let n = Int(text) else { throw PostgresStoreError("pool=\(text) in the URL is not a number") }
                return n
            } ?? Self.defaultPoolSize
        guard (1...1_000).contains(size) else {
            throw PostgresStoreError("a pool of \(size) connections: use 1...1000 (8 is the default)")
        }
        let database = parts.path.isEmpty ? user : String(parts.path.dropFirst())
        let location = "postgres://\(user)@\(host):\(parts.port ?? 5432)/\(database) schema \(schema)"
        self.location = location
        self.schema = schema
        self.statementTimeout = statementTimeout
        let logger = Logger(label: "grounded.postgres")
        self.logger = logger
        let configuration = PostgresConnection.Configuration(
            host: host, port: parts.port ?? 5432, username: user,
            password: parts.password, database: database, tls: .disable)
        pool = PostgresConnectionPool(size: size) { id in
            let connection: PostgresConnection
            do {
                connection = try PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id,
                    logger: logger
                ).wait()
            } catch {
                throw PostgresStoreError(
                    "cannot reach PostgreSQL at \(location): \(String(reflecting: error)); is the server running?")
            }
            do {
                for sql in ["CREATE SCHEMA IF NOT EXISTS \(schema)", "SET search_path TO \(schema)"] {
                    _ = try connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait()
                }
            } catch {
                let closing: EventLoopFuture<Void> = connection.close()
                closing.whenComplete { _ in withExtendedLifetime(connection) {} }
                throw PostgresStoreError(
                    "PostgreSQL at \(location) refused schema \(schema): \(String(reflecting: error))")
            }
            return connection
        }
        // Fail now, not at the first request, when the server cannot be reached.
        pool.checkin(try pool.checkout())
    }

    deinit { pool.shutdown() }

    public func execute(_ sql: String) throws {
        try statement { connection in
            for text in Self.statements(Self.translateDDL(sql)) { _ = try send(text, [], on: connection) }
        }
    }

    @discardableResult
    public func run(_ sql: String, _ bindings: [any SQLBindable]) throws -> Int {
        try statement { try send(sql, bindings, on: $0).metadata.rows ?? 0 }
    }

    public func query(_ sql: String, _ bindings: [any SQLBindable]) throws -> [Row] {
        try statement { connection in
            try send(sql, bindings, on: connection).rows.map { row in
                let cells = Array(row)
                return Row(columns: cells.map(\.columnName), values: try cells.map(Self.value))
            }
        }
    }

    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if session != nil { return try body() }
        let connection = try begin()
        Thread.current.threadDictionary[sessionKey] = Session(connection)
        defer { Thread.current.threadDictionary.removeObject(forKey: sessionKey) }
        do {
            let result = try body()
            _ = try send("COMMIT", [], on: connection)
            pool.checkin(connection)
            return result
        } catch {
            let lost = (error as? PostgresStoreError)?.connectionLost ?? false
            if !lost { _ = try? send("ROLLBACK", [], on: connection) }
            pool.checkin(connection, broken: lost || connection.isClosed)
            throw error
        }
    }

    public func lockForAppend(_ table: String) throws {
        _ = try statement { try send("LOCK TABLE \(table) IN SHARE ROW EXCLUSIVE MODE", [], on: $0) }
    }

    /// A transaction-scoped advisory lock on the key (hashed, within this schema): writers of
    /// different keys, say different conversations, do not wait for each other.
    public func lock(key: String) throws {
        _ = try statement {
            try send("SELECT pg_advisory_xact_lock(hashtext(? || ':' || ?)) IS NULL", [schema, key], on: $0)
        }
    }

    public func tableNames() throws -> [String] {
        try query(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_name <> "
                + "'grounded_migrations' ORDER BY table_name",
            [schema]
        ).compactMap { $0["name"].string }
    }

    /// Applies each migration above the highest recorded in `grounded_migrations`, in a
    /// transaction that holds an advisory lock, so replicas starting together migrate once.
    public func migrate(_ migrations: [String]) throws {
        try execute("CREATE TABLE IF NOT EXISTS grounded_migrations(number INTEGER PRIMARY KEY)")
        try transaction {
            try execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
            let done =
                try query("SELECT COALESCE(MAX(number), 0) AS n FROM grounded_migrations", []).first?["n"].int ?? 0
            for (i, sql) in migrations.enumerated() where i + 1 > done {
                try execute(sql)
                try run("INSERT INTO grounded_migrations(number) VALUES (?)", [i + 1])
            }
        }
    }

    // MARK: connections

    /// The transaction this thread has open on this database, if any.
    private var session: Session? { Thread.current.threadDictionary[sessionKey] as? Session }

    /// Runs `body` on this thread's transaction connection, or on a pooled one for this call
    /// alone; a connection found gone is replaced and `body` tried once more (it never reached
    /// the server), except inside a transaction, which then fails whole.
    private func statement<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        if let session { return try body(session.connection) }
        var tried = 0
        while true {
            let connection = try pool.checkout()
            do {
                let result = try body(connection)
                pool.checkin(connection)
                return result
            } catch let error as PostgresStoreError where error.connectionLost {
                pool.checkin(connection, broken: true)
                tried += 1
                if tried > 1 { throw error }
            } catch {
                pool.checkin(connection, broken: connection.isClosed)
                throw error
            }
        }
    }

    /// A pooled connection with `BEGIN` sent. Connections the server closed while they were idle
    /// fail at `BEGIN`, before anything ran: each is replaced, up to the pool's size.
    private func begin() throws -> PostgresConnection {
        var tried = 0
        while true {
            let connection = try pool.checkout()
            do {
                // BEGIN takes no lock and answers at once: a connection silent for 2 s is gone.
                _ = try send("BEGIN", [], on: connection, waitingAtMost: min(2, timeoutSeconds))
                return connection
            } catch let error as PostgresStoreError where error.connectionLost && tried < pool.size {
                pool.checkin(connection, broken: true)
                tried += 1
            } catch {
                pool.checkin(connection, broken: connection.isClosed)
                throw error
            }
        }
    }

    private func send(
        _ sql: String, _ bindings: [any SQLBindable], on connection: PostgresConnection,
        waitingAtMost seconds: Double? = nil
    ) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: bindings.count)
        for b in bindings {
            switch b.sqlValue {
            case .null: binds.appendNull()
            case .integer(let v): binds.append(v)
            case .real(let v): binds.append(v)
            case .text(let v): binds.append(v)
            case .blob(let v): binds.append(ByteBuffer(bytes: v))
            }
        }
        let text = Self.numberParameters(sql)
        let reply = Reply()
        connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: logger).whenComplete(reply.complete)
        let limit = seconds ?? timeoutSeconds
        guard let result = reply.wait(seconds: limit) else {
            // A server that stopped answering, or a connection that will never hear back: give it up.
            let closing: EventLoopFuture<Void> = connection.close()
            closing.whenComplete { _ in withExtendedLifetime(connection) {} }
            throw PostgresStoreError(
                "PostgreSQL at \(location) did not answer within \(limit) s: the connection is given up "
                    + "— while running: \(text.prefix(200))", connectionLost: true)
        }
        switch result {
        case .success(let rows):
            return rows
        case .failure(let error):
            let lost = connection.isClosed || Self.isConnectionLoss(error)
            throw PostgresStoreError(
                "PostgreSQL at \(location) refused: \(String(reflecting: error)) — while running: \(text.prefix(200))",
                connectionLost: lost)
        }
    }

    private var timeoutSeconds: Double {
        Double(statementTimeout.components.seconds) + Double(statementTimeout.components.attoseconds) * 1e-18
    }

    /// The reply to one statement, handed from the connection's event loop to the waiting thread.
    private final class Reply: @unchecked Sendable {
        private let lock = NSLock()
        private let arrived = DispatchSemaphore(value: 0)
        private var result: Result<PostgresQueryResult, any Error>?

        @Sendable func complete(_ result: Result<PostgresQueryResult, any Error>) {
            lock.withLock { self.result = result }
            arrived.signal()
        }

        /// The reply, or nil when none came within `seconds`.
        func wait(seconds: Double) -> Result<PostgresQueryResult, any Error>? {
            guard arrived.wait(timeout: .now() + seconds) == .success else { return nil }
            return lock.withLock { result }
        }
    }

    /// Whether an error means the connection is gone (rather than the statement refused).
    static func isConnectionLoss(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return error is ChannelError }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown: return true
        // 57P01..57P03: the server is shutting down or cannot take connections now.
        case .server: return error.serverInfo?[.sqlState]?.hasPrefix("57P") ?? false
        default: return false
        }
    }

    /// `?` → `$1`, `$2`, …; `?N` → `$N`; quoted text is left alone.
    static func numberParameters(_ sql: String) -> String {
        var out = ""
        var next = 1
        var quote: Character?
        var chars = Array(sql)[...]
        while let c = chars.popFirst() {
            if let q = quote {
                out.append(c)
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
                out.append(c)
            } else if c == "?" {
                var digits = ""
                while let d = chars.first, d.isNumber {
                    digits.append(d)
                    chars.removeFirst()
                }
                if digits.isEmpty {
                    out += "$\(next)"
                    next += 1
                } else {
                    out += "$" + digits
                }
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// The SQLite column types of the migrations, in PostgreSQL's words.
    static func translateDDL(_ sql: String) -> String {
        guard sql.range(of: "CREATE TABLE", options: .caseInsensitive) != nil else { return sql }
        return sql.replacingOccurrences(of: "INTEGER PRIMARY KEY", with: "BIGSERIAL PRIMARY KEY")
            .replacingOccurrences(of: " REAL", with: " DOUBLE PRECISION")
            .replacingOccurrences(of: " INTEGER", with: " BIGINT")
    }

    /// Splits a script at top-level semicolons.
    static func statements(_ sql: String) -> [String] {
        sql.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .float4, .float8, .numeric: return .real(try cell.decode(Double.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea: return .blob(Array(buffer: try cell.decode(ByteBuffer.self)))
        default: return .text(try cell.decode(String.self))
        }
    }
}

/// A PostgreSQL store that cannot be used, and why.
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable {
    public let message: String
    /// Whether the connection was lost (the server restarted or dropped it), rather than the
    /// statement refused: the pool replaces such a connection.
    public let connectionLost: Bool

    public init(_ message: String, connectionLost: Bool = false) {
        self.message = message
        self.connectionLost = connectionLost
    }

    public var description: String { message }
}
