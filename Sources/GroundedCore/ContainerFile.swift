import Foundation

/// The one on-disk layout every Grounded index file shares:
///
/// ```
/// magic (8 bytes) · format version (UInt32 LE) · header length (UInt32 LE) · header (JSON)
/// · payload length (UInt64 LE) · payload · checksum (UInt64 LE, `Checksum64` of all bytes before it)
/// ```
/// The JSON header carries what a reader must check before trusting the payload (dimension, count,
/// the corpus build it belongs to); the payload is raw little-endian data.
public enum ContainerFile {
    /// Writes a container atomically (see `AtomicFile`).
    public static func write<Header: Encodable>(
        to url: URL, magic: String, version: UInt32, header: Header, payload: [UInt8]
    ) throws {
        precondition(magic.utf8.count == 8, "magic must be 8 bytes")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let headerBytes = Array(try encoder.encode(header))
        var out = BinaryWriter(capacity: 32 + headerBytes.count + payload.count)
        out.append(bytes: Array(magic.utf8))
        out.append(version)
        out.append(UInt32(headerBytes.count))
        out.append(bytes: headerBytes)
        out.append(UInt64(payload.count))
        out.append(bytes: payload)
        let sum = Checksum64.of(out.bytes)
        out.append(sum)
        try AtomicFile.write(out.bytes, to: url)
    }

    /// A validated container: its decoded header and its payload bytes.
    public struct Contents<Header: Decodable>: @unchecked Sendable {
        public let header: Header
        /// The payload; backed by a memory map of the file where possible.
        public let payload: Data
    }

    /// Reads and validates a container.
    /// - Throws: `FileFormatError` when the file is missing, truncated, of another kind or format
    ///   version, or fails its checksum.
    public static func read<Header: Decodable>(
        _ url: URL, magic: String, version: UInt32, as: Header.Type
    ) throws -> Contents<Header> {
        try read(url, magic: magic, version: version, as: Header.self) { header, payload in
            Contents(header: header, payload: Data(payload))
        }
    }

    /// Reads and validates a container, then passes its header and payload to `body` without
    /// copying the payload (it is memory-mapped; valid only inside `body`).
    /// - Throws: `FileFormatError` as `read(_:magic:version:as:)`, or what `body` throws.
    public static func read<Header: Decodable, Result>(
        _ url: URL, magic: String, version: UInt32, as: Header.Type,
        body: (Header, UnsafeRawBufferPointer) throws -> Result
    ) throws -> Result {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw FileFormatError(path: path, problem: .missing, detail: "no such file")
        }
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw FileFormatError(path: path, problem: .unreadable, detail: "\(error)")
        }
        return try data.withUnsafeBytes { raw -> Result in
            guard raw.count >= 32 else {
                throw FileFormatError(
                    path: path, problem: .truncated, detail: "\(raw.count) bytes is shorter than any header")
            }
            guard Array(raw[0..<8]) == Array(magic.utf8) else {
                throw FileFormatError(
                    path: path, problem: .wrongKind,
                    detail: "magic is not \(magic)")
            }
            var reader = BinaryReader(raw, offset: 8)
            func truncated(_ body: (inout BinaryReader) throws -> Void) throws {
                do { try body(&reader) } catch {
                    throw FileFormatError(path: path, problem: .truncated, detail: "\(error)")
                }
            }
            var fileVersion: UInt32 = 0
            try truncated { fileVersion = try $0.read() }
            guard fileVersion == version else {
                throw FileFormatError(
                    path: path, problem: .unsupportedVersion,
                    detail: "format version \(fileVersion), this build reads \(version)")
            }
            var headerBytes: [UInt8] = []
            var payloadLength = 0
            try truncated {
                headerBytes = try $0.readBytes(Int(try $0.read() as UInt32))
                let length: UInt64 = try $0.read()
                guard length <= UInt64(raw.count) else {
                    throw BinaryReader.OutOfBounds(offset: $0.offset, wanted: Int(clamping: length), size: raw.count)
                }
                payloadLength = Int(length)
            }
            guard payloadLength >= 0, reader.offset + payloadLength + 8 == raw.count else {
                throw FileFormatError(
                    path: path, problem: .truncated,
                    detail: "expected \(reader.offset + payloadLength + 8) bytes, found \(raw.count)")
            }
            let stored = raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self).littleEndian
            let actual = Checksum64.of(UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 8)]))
            guard stored == actual else {
                throw FileFormatError(
                    path: path, problem: .checksumMismatch,
                    detail: "stored \(stored), computed \(actual)")
            }
            let header: Header
            do { header = try JSONDecoder().decode(Header.self, from: Data(headerBytes)) } catch {
                throw FileFormatError(path: path, problem: .corrupt, detail: "header: \(error)")
            }
            let start = reader.offset
            return try body(header, UnsafeRawBufferPointer(rebasing: raw[start..<(start + payloadLength)]))
        }
    }
}

/// A file that cannot be trusted: what is wrong with which file, and what to do.
public struct FileFormatError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Problem: String, Sendable {
        case missing, unreadable, truncated, wrongKind, unsupportedVersion, checksumMismatch, corrupt, mismatch
    }
    public let path: String
    public let problem: Problem
    public let detail: String

    public init(path: String, problem: Problem, detail: String) {
        self.path = path
        self.problem = problem
        self.detail = detail
    }

    public var description: String {
        "\(path): \(problem.rawValue) (\(detail)); rebuild it with `grounded ingest <corpus> --index <dir>`"
    }
}
