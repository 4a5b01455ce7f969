import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP client to a server on loopback, for tests that need what an HTTP library hides:
/// holding a streaming response open, reading it as it arrives, and hanging up mid-stream.
///
/// Thread safety: none; one test uses one client.
public final class RawHTTPClient {
    private var socket: Int32
    /// Everything read so far.
    public private(set) var received = ""

    /// Connects to `127.0.0.1:port`.
    /// - Throws: `POSIXError` when the connection is refused.
    public init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            let code = errno
            close(socket)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .ECONNREFUSED)
        }
    }

    deinit { hangUp() }

    /// Sends a GET request with `headers` (HTTP/1.1, the connection kept open).
    public func get(_ path: String, headers: [String: String] = [:]) throws {
        var text = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        let bytes = Array((text + "\r\n").utf8)
        let sent = bytes.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw POSIXError(.EPIPE) }
    }

    /// Reads until `received` contains `text`, the server closes, or `timeout` passes. Never blocks
    /// a thread: it polls without waiting and sleeps between polls, so an in-process server on the
    /// same cooperative pool keeps running.
    /// - Returns: whether `text` arrived.
    @discardableResult
    public func read(until text: String, timeout: TimeInterval) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !received.contains(text) {
            guard Date() < deadline, socket >= 0 else { return false }
            switch readAvailable() {
            case .closed: return received.contains(text)
            case .nothing: try? await Task.sleep(for: .milliseconds(20))
            case .read: continue
            }
        }
        return true
    }

    /// Whether the server has closed its side: a read returns end of file within `timeout`.
    public func serverClosed(within timeout: TimeInterval) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, socket >= 0 {
            switch readAvailable() {
            case .closed: return true
            case .nothing: try? await Task.sleep(for: .milliseconds(20))
            case .read: continue
            }
        }
        return false
    }

    private enum ReadResult { case read, nothing, closed }

    /// Reads what has arrived, without waiting.
    private func readAvailable() -> ReadResult {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return .nothing }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(socket, &buffer, buffer.count, 0)
        guard count > 0 else { return .closed }
        received += String(decoding: buffer[0..<count], as: UTF8.self)
        return .read
    }

    /// Closes the connection without a word, as a killed process or a closed browser tab does.
    public func hangUp() {
        guard socket >= 0 else { return }
        close(socket)
        socket = -1
    }
}
