import Dispatch
import Foundation

/// `transform(0) … transform(count − 1)` on up to `threads` threads (each takes every
/// `threads`-th index), results in index order. The first error stops the remaining work and is
/// rethrown.
func parallelMap<T>(_ count: Int, threads: Int, _ transform: @Sendable (Int) throws -> T) throws -> [T] {
    let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    slots.initialize(repeating: nil)
    defer { slots.deallocate() }
    let output = ResultSlots(buffer: slots)
    let failure = FirstError()
    let parts = max(1, min(threads, count))
    DispatchQueue.concurrentPerform(iterations: parts) { part in
        for i in stride(from: part, to: count, by: parts) where !failure.isSet {
            do { output.buffer[i] = try transform(i) } catch { failure.set(error) }
        }
    }
    if let error = failure.error { throw error }
    return slots.map { $0! }
}

/// Result slots written at distinct indices by concurrent iterations.
private struct ResultSlots<T>: @unchecked Sendable { let buffer: UnsafeMutableBufferPointer<T> }

/// The first error thrown by any of several concurrent iterations.
private final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
    var isSet: Bool { error != nil }
    func set(_ e: Error) {
        lock.lock()
        if stored == nil { stored = e }
        lock.unlock()
    }
}
