import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Storage

/// A PostgreSQL database behind the `SQLDatabase` protocol, so that several server replicas share
/// one store: one connection (postgres-nio) to `url`, in one schema, with every call made
/// synchronous for the stores above it.
///
/// The stores' SQL is written once: `?` and `?1` parameters become `$1`…, `REAL` columns become
/// `DOUBLE PRECISION`, `INTEGER` becomes `BIGINT` and an `INTEGER PRIMARY KEY` a `BIGSERIAL`.
/// Migrations are numbered in the schema's `grounded_migrations` table.
///
/// Thread safety: calls are serialised by a lock and wait on the connection's event loop, so
/// they must not be made from that loop (the server calls stores from dispatch threads and tasks).
public final class PostgresSQLDatabase: SQLDatabase, @unchecked Sendable {
    public var dialect: SQLDialect { .postgres }
    public let location: String
    /// The schema every statement runs in (one per tenant).
    public let schema: String

    private let connection: PostgresConnection
    private let lock = NSRecursiveLock()
    private var depth = 0
    private let logger = Logger(label: "grounded.postgres")

    /// Connects to `url` (`postgres://user[:password]@host[:port]/database`) and uses `schema`,
    /// creating it when missing.
    /// - Throws: `PostgresStoreError` when the URL is malformed or the server cannot be reached.
    public init(url: String, schema: String) throws {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
            let host = parts.host, let user = parts.user
        else {
            throw PostgresStoreError(
                "`\(url)` is not a PostgreSQL URL: use postgres://user[:password]@host[:port]/database")
        }
        guard schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), !schema.isEmpty else {
            throw PostgresStoreError("schema `\(schema)` must be letters, digits and underscores")
        }
        let database = parts.path.isEmpty ? user : String(parts.path.dropFirst())
        location = "postgres://\(user)@\(host):\(parts.port ?? 5432)/\(database) schema \(schema)"
        self.schema = schema
        let configuration = PostgresConnection.Configuration(
            host: host, port: parts.port ?? 5432, username: user,
            password: parts.password, database: database, tls: .disable)
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration,
                id: 1, logger: logger
            ).wait()
        } catch {
            throw PostgresStoreError(
                "cannot reach PostgreSQL at \(location): \(String(reflecting: error)); is the server running?")
        }
        try execute("CREATE SCHEMA IF NOT EXISTS \(schema); SET search_path TO \(schema)")
    }

    // Never wait here (the last release may happen on an event loop); the callback holds the
    // connection until it is closed, as postgres-nio requires.
    deinit {
        let connection = connection
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    public func execute(_ sql: String) throws {
        try locked {
            for statement in Self.statements(Self.translateDDL(sql)) { _ = try send(statement, []) }
        }
    }

    @discardableResult
    public func run(_ sql: String, _ bindings: [any SQLBindable]) throws -> Int {
        try locked { try send(sql, bindings).metadata.rows ?? 0 }
    }

    public func query(_ sql: String, _ bindings: [any SQLBindable]) throws -> [Row] {
        try locked {
            try send(sql, bindings).rows.map { row in
                let cells = Array(row)
                return Row(columns: cells.map(\.columnName), values: try cells.map(Self.value))
            }
        }
    }

    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try locked {
            if depth > 0 { return try body() }
            _ = try send("BEGIN", [])
            depth += 1
            defer { depth -= 1 }
            do {
                let result = try body()
                _ = try send("COMMIT", [])
                return result
            } catch {
                _ = try? send("ROLLBACK", [])
                throw error
            }
        }
    }

    public func lockForAppend(_ table: String) throws {
        _ = try locked { try send("LOCK TABLE \(table) IN SHARE ROW EXCLUSIVE MODE", []) }
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
            _ = try send("SELECT pg_advisory_xact_lock(hashtext(current_schema()))", [])
            let done =
                try query("SELECT COALESCE(MAX(number), 0) AS n FROM grounded_migrations", []).first?["n"].int ?? 0
            for (i, sql) in migrations.enumerated() where i + 1 > done {
                try execute(sql)
                try run("INSERT INTO grounded_migrations(number) VALUES (?)", [i + 1])
            }
        }
    }

    // MARK: translation

    private func locked<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private func send(_ sql: String, _ bindings: [any SQLBindable]) throws -> PostgresQueryResult {
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
        do {
            return try connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: logger).wait()
        } catch {
            throw PostgresStoreError(
                "PostgreSQL at \(location) refused: \(String(reflecting: error)) — while running: \(text.prefix(200))")
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
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
