import Foundation

/// A value behind a pthread mutex (`NSLock`). Used instead of `Synchronization.Mutex` in the
/// index because ThreadSanitizer sees pthread locks but not `Mutex`'s futex, so a `--sanitize=thread`
/// run of the concurrency tests reports only real races.
///
/// Thread safety: every access to the value goes through `withLock`.
final class PthreadLocked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
