import Foundation
import GroundedCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a file: one ingestion per index folder at a time.
/// The kernel releases it when the process dies, so a killed ingest never leaves it stuck.
final class IngestLock {
    private let fd: Int32

    /// - Throws: `KnowledgeError` when another process holds the lock.
    init(_ url: URL) throws {
        fd = open(url.path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw IOError(path: url.path, operation: "open", code: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw KnowledgeError(
                "another ingestion is running on \(url.deletingLastPathComponent().path): wait for it to finish")
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
