import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file writes: write to a temporary file beside the target, fsync it, rename it over
/// the target, fsync the directory. A reader sees the old file or the new one, never a torn one.
public enum AtomicFile {
    /// Writes `bytes` to `url` atomically and durably, the new file with permissions `mode`
    /// (0600 for a secret).
    /// - Throws: `IOError` naming the path and the failing system call.
    public static func write(_ bytes: UnsafeRawBufferPointer, to url: URL, mode: mode_t = 0o600) throws {
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/.\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode)
        guard fd >= 0 else { throw IOError(path: temporary, operation: "open", code: errno) }
        var ok = false
        defer {
            if !ok {
                close(fd)
                unlink(temporary)
            }
        }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(path: temporary, operation: "write", code: errno)
            }
            offset += n
        }
        guard fsync(fd) == 0 else { throw IOError(path: temporary, operation: "fsync", code: errno) }
        ok = true
        close(fd)
        guard rename(temporary, url.path) == 0 else {
            let code = errno
            unlink(temporary)
            throw IOError(path: url.path, operation: "rename", code: code)
        }
        syncDirectory(directory)
    }

    public static func write(_ bytes: [UInt8], to url: URL, mode: mode_t = 0o600) throws {
        try bytes.withUnsafeBytes { try write($0, to: url, mode: mode) }
    }

    /// fsyncs a directory so that a rename inside it is durable. Best effort.
    public static func syncDirectory(_ path: String) {
        let dfd = open(path, O_RDONLY)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }
}

/// A failed system call on a file.
public struct IOError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let operation: String
    public let code: Int32

    public init(path: String, operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    public var description: String {
        "\(operation) failed for \(path): \(String(cString: strerror(code))) (errno \(code)); check the path exists, "
            + "is writable and the disk has room"
    }
}
