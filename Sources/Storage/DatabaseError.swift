/// A failed SQLite call: its result code, SQLite's message and the SQL that failed.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let sql: String?
    public let path: String

    public var description: String {
        var s = "SQLite error \(code) in \(path): \(message)"
        if let sql { s += " — while running: \(sql.prefix(200))" }
        if code == 11 || code == 26 { s += "; the database file is damaged or not a database: restore it or re-ingest" }
        if code == 5 { s += "; another process holds the database: retry when it has finished" }
        return s
    }
}
