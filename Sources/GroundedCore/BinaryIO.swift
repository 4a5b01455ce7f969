/// Appends little-endian values to a byte array.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func append(_ value: Float) { append(value.bitPattern) }

    public mutating func append(bytes more: [UInt8]) { bytes.append(contentsOf: more) }

    /// Appends the raw little-endian representation of an array of fixed-size values.
    public mutating func append<T: BitwiseCopyable>(array: [T]) {
        array.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    public mutating func append<T: BitwiseCopyable>(buffer: UnsafeBufferPointer<T>) {
        bytes.append(contentsOf: UnsafeRawBufferPointer(buffer))
    }
}

/// Reads little-endian values from a buffer, throwing instead of reading past its end.
public struct BinaryReader {
    public let buffer: UnsafeRawBufferPointer
    public private(set) var offset: Int

    public init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    public struct OutOfBounds: Error, CustomStringConvertible {
        public let offset: Int, wanted: Int, size: Int
        public init(offset: Int, wanted: Int, size: Int) {
            self.offset = offset
            self.wanted = wanted
            self.size = size
        }
        public var description: String { "read of \(wanted) bytes at \(offset) past the end (\(size) bytes)" }
    }

    private mutating func advance(_ n: Int) throws -> Int {
        guard n >= 0, offset + n <= buffer.count else {
            throw OutOfBounds(offset: offset, wanted: n, size: buffer.count)
        }
        defer { offset += n }
        return offset
    }

    public mutating func read<T: FixedWidthInteger>() throws -> T {
        let at = try advance(MemoryLayout<T>.size)
        return T(littleEndian: buffer.loadUnaligned(fromByteOffset: at, as: T.self))
    }

    public mutating func readFloat() throws -> Float { Float(bitPattern: try read()) }

    public mutating func readBytes(_ n: Int) throws -> [UInt8] {
        let at = try advance(n)
        return Array(buffer[at..<(at + n)])
    }

    /// Reads `count` values of a fixed-size type stored raw (little-endian hosts only).
    public mutating func readArray<T: BitwiseCopyable>(_ count: Int, of: T.Type = T.self) throws -> [T] {
        let at = try advance(count * MemoryLayout<T>.stride)
        return [T](unsafeUninitializedCapacity: count) { out, initialized in
            UnsafeMutableRawBufferPointer(out).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: buffer[at..<(at + count * MemoryLayout<T>.stride)]))
            initialized = count
        }
    }
}
