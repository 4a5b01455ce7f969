/// What a store needs of a SQL database, whichever engine holds it: statements with `?`
/// parameters (`?1` to reuse the first), rows by column name, transactions, numbered migrations.
/// `Database` (SQLite, embedded, the default) and `PostgresSQLDatabase` (PostgreSQL, shared by
/// replicas) implement it; stores write portable SQL and ask `dialect` where engines differ.
///
/// Thread safety: implementations serialise calls on their connection; `transaction` holds it for
/// the whole body, and calls from inside the body join the transaction.
public protocol SQLDatabase: AnyObject, Sendable {
    var dialect: SQLDialect { get }
    /// Where the data is, for messages: a file path or a server address (never a password).
    var location: String { get }

    /// Runs statements that take no parameters (several, separated by `;`).
    func execute(_ sql: String) throws
    /// Runs one statement; returns the number of rows it changed.
    @discardableResult
    func run(_ sql: String, _ bindings: [any SQLBindable]) throws -> Int
    /// Runs a query and returns its rows.
    func query(_ sql: String, _ bindings: [any SQLBindable]) throws -> [Row]
    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T
    /// Applies the migrations not yet applied, each in a transaction, in order.
    func migrate(_ migrations: [String]) throws
    /// Locks `table` against other writers until the transaction ends (a no-op where the whole
    /// database already has one writer at a time).
    func lockForAppend(_ table: String) throws
    /// Holds the lock named `key` until the transaction ends: another transaction asking for the
    /// same key waits, one asking for another goes on (a no-op where the whole database already
    /// has one writer at a time). Take several in sorted order, so no two transactions wait on
    /// each other.
    func lock(key: String) throws
    /// The names of the tables the store's migrations made.
    func tableNames() throws -> [String]
}

extension SQLDatabase {
    @discardableResult
    public func run(_ sql: String) throws -> Int { try run(sql, []) }
    public func query(_ sql: String) throws -> [Row] { try query(sql, []) }
}

/// Where SQL engines differ, for the few statements that cannot be written once.
public enum SQLDialect: String, Sendable, Hashable {
    case sqlite, postgres

    /// The text of a top-level string field of a JSON column, or NULL.
    public func jsonText(_ column: String, field: String) -> String {
        switch self {
        case .sqlite: "(CASE WHEN json_valid(\(column)) THEN json_extract(\(column), '$.\(field)') END)"
        case .postgres: "(\(column)::jsonb ->> '\(field)')"
        }
    }
}
