import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// Up to `size` connections to one PostgreSQL database, opened when first needed and handed out
/// one caller at a time. A connection the server closed (a restart, `pg_terminate_backend`, a
/// network cut) is dropped when it comes back or is found closed at checkout, and the next
/// checkout opens a fresh one: the pool recovers by itself once the server is back.
///
/// Thread safety: every method may be called from any thread except an event loop (`checkout`
/// waits for a connection to be opened or returned).
final class PostgresConnectionPool: @unchecked Sendable {
    /// Opens one connection, ready for statements (its schema set).
    typealias Connect = @Sendable (_ id: Int) throws -> PostgresConnection

    let size: Int
    private let connect: Connect
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    /// Connections open or being opened, idle or checked out.
    private var open = 0
    private var nextID = 1
    private var closed = false

    init(size: Int, connect: @escaping Connect) {
        self.size = size
        self.connect = connect
    }

    /// A connection for the caller alone until `checkin`; waits while `size` are checked out.
    /// - Throws: what opening a connection throws (the server is down or refuses), or
    ///   `PostgresStoreError` once the pool is shut down.
    func checkout() throws -> PostgresConnection {
        condition.lock()
        while true {
            guard !closed else {
                condition.unlock()
                throw PostgresStoreError("the PostgreSQL store is closed")
            }
            while let connection = idle.popLast() {
                if !connection.isClosed {
                    condition.unlock()
                    return connection
                }
                open -= 1
                Self.close(connection)
            }
            if open < size {
                open += 1
                let id = nextID
                nextID += 1
                condition.unlock()
                do {
                    return try connect(id)
                } catch {
                    condition.lock()
                    open -= 1
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            condition.wait()
        }
    }

    /// Returns a connection; one that is closed or `broken` (its state unknown after an error) is
    /// dropped instead, and the next checkout opens another.
    func checkin(_ connection: PostgresConnection, broken: Bool = false) {
        condition.lock()
        if broken || connection.isClosed || closed {
            open -= 1
            Self.close(connection)
        } else {
            idle.append(connection)
        }
        condition.signal()
        condition.unlock()
    }

    /// Closes the idle connections and refuses new checkouts; connections still out close when
    /// they come back.
    func shutdown() {
        condition.lock()
        closed = true
        let connections = idle
        idle = []
        open -= connections.count
        condition.broadcast()
        condition.unlock()
        connections.forEach(Self.close)
    }

    /// Closes without waiting (this may run on an event loop); the callback keeps the connection
    /// alive until it is closed, as postgres-nio requires.
    private static func close(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }
}
