import CSQLite
import Foundation

/// A SQLite connection in WAL mode with foreign keys on.
///
/// Thread safety: every call takes the connection's lock; `transaction` holds it for the whole
/// body, so one transaction never interleaves with another call on the same connection.
public final class Database: SQLDatabase, @unchecked Sendable {
    public let path: String
    public var dialect: SQLDialect { .sqlite }
    public var location: String { path }
    private var handle: OpaquePointer?
    private let lock = NSRecursiveLock()
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Opens (and creates, unless `readOnly`) the database at `path`; `":memory:"` for a private one.
    /// - Throws: `DatabaseError` when the file cannot be opened or is not a database.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        let creating = !readOnly && path != ":memory:" && !FileManager.default.fileExists(atPath: path)
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw DatabaseError(code: rc, message: message, sql: nil, path: path)
        }
        // A new database is its owner's only (0600); SQLite gives its -wal and -shm files the same mode.
        if creating { chmod(path, 0o600) }
        sqlite3_busy_timeout(handle, 5000)
        if !readOnly && path != ":memory:" { try execute("PRAGMA journal_mode = WAL") }
        try execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL")
        // Fail early on a file that is not a database.
        _ = try query("SELECT count(*) AS n FROM sqlite_master")
    }

    deinit { sqlite3_close_v2(handle) }

    private func error(_ rc: Int32, _ sql: String?) -> DatabaseError {
        DatabaseError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql, path: path)
    }

    /// Runs one or more statements that take no parameters.
    public func execute(_ sql: String) throws {
        try locked {
            let rc = sqlite3_exec(handle, sql, nil, nil, nil)
            guard rc == SQLITE_OK else { throw error(rc, sql) }
        }
    }

    /// Runs one statement with parameters; returns the number of rows changed.
    @discardableResult
    public func run(_ sql: String, _ bindings: [any SQLBindable] = []) throws -> Int {
        try locked {
            try withStatement(sql, bindings) { stmt in
                let rc = sqlite3_step(stmt)
                guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw error(rc, sql) }
            }
            return Int(sqlite3_changes(handle))
        }
    }

    /// Runs a query and returns all its rows.
    public func query(_ sql: String, _ bindings: [any SQLBindable] = []) throws -> [Row] {
        var rows: [Row] = []
        try forEachRow(sql, bindings) { rows.append($0) }
        return rows
    }

    /// Runs a query and calls `body` for each row, without materialising the whole result.
    public func forEachRow(_ sql: String, _ bindings: [any SQLBindable] = [], _ body: (Row) throws -> Void) throws {
        try locked {
            try withStatement(sql, bindings) { stmt in
                let n = sqlite3_column_count(stmt)
                let columns = (0..<n).map { String(cString: sqlite3_column_name(stmt, $0)) }
                while true {
                    let rc = sqlite3_step(stmt)
                    if rc == SQLITE_DONE { break }
                    guard rc == SQLITE_ROW else { throw error(rc, sql) }
                    try body(Row(columns: columns, values: (0..<n).map { column(stmt, $0) }))
                }
            }
        }
    }

    /// The row id of the last insert on this connection.
    public var lastInsertRowID: Int64 { locked { sqlite3_last_insert_rowid(handle) } }

    /// Runs `body` in a transaction (`BEGIN IMMEDIATE`): committed when it returns, rolled back
    /// when it throws. Nested calls join the outer transaction.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try locked {
            if sqlite3_get_autocommit(handle) == 0 { return try body() }
            try execute("BEGIN IMMEDIATE")
            do {
                let result = try body()
                try execute("COMMIT")
                return result
            } catch {
                try? execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Nothing to do: `BEGIN IMMEDIATE` already makes each transaction the only writer.
    public func lockForAppend(_ table: String) throws {}

    /// Nothing to do: `BEGIN IMMEDIATE` already makes each transaction the only writer.
    public func lock(key: String) throws {}

    public func tableNames() throws -> [String] {
        try query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap { $0["name"].string }
    }

    /// Applies the migrations whose number is above `PRAGMA user_version`, each in a transaction.
    public func migrate(_ migrations: [String]) throws {
        let current = try query("PRAGMA user_version").first?.values.first?.int ?? 0
        for (i, sql) in migrations.enumerated() where i + 1 > current {
            try transaction {
                try execute(sql)
                try execute("PRAGMA user_version = \(i + 1)")
            }
        }
    }

    // MARK: statements

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private func withStatement(
        _ sql: String, _ bindings: [any SQLBindable], _ body: (OpaquePointer) throws -> Void
    ) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc, sql) }
        defer { sqlite3_finalize(stmt) }
        for (i, b) in bindings.enumerated() {
            let p = Int32(i + 1)
            let rc: Int32
            switch b.sqlValue {
            case .null: rc = sqlite3_bind_null(stmt, p)
            case .integer(let v): rc = sqlite3_bind_int64(stmt, p, v)
            case .real(let v): rc = sqlite3_bind_double(stmt, p, v)
            case .text(let v): rc = sqlite3_bind_text(stmt, p, v, -1, Self.transient)
            case .blob(let v):
                rc = v.withUnsafeBytes { sqlite3_bind_blob(stmt, p, $0.baseAddress, Int32($0.count), Self.transient) }
            }
            guard rc == SQLITE_OK else { throw error(rc, sql) }
        }
        try body(stmt)
    }

    private func column(_ stmt: OpaquePointer, _ i: Int32) -> SQLValue {
        switch sqlite3_column_type(stmt, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(stmt, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(stmt, i))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(stmt, i)))
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(stmt, i))
            guard n > 0, let p = sqlite3_column_blob(stmt, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default: return .null
        }
    }
}
