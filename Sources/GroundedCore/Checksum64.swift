/// A fast 64-bit non-cryptographic checksum for detecting corrupted or truncated files.
///
/// Processes eight bytes per step (multiply-xorshift mixing, FNV-style seed); deterministic across
/// platforms and runs. Not a defence against deliberate tampering.
public struct Checksum64: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private var length: UInt64 = 0

    public init() {}

    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        var i = 0
        let n = buffer.count
        var h = value
        while i + 8 <= n {
            let w = buffer.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0x100_0000_01b3
            h ^= h >> 29
            i += 8
        }
        while i < n {
            h = (h ^ UInt64(buffer[i])) &* 0x100_0000_01b3
            i += 1
        }
        value = h
        length &+= UInt64(n)
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// The checksum of everything passed to `update` so far.
    public var finalized: UInt64 {
        var h = value ^ length
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }

    public static func of(_ buffer: UnsafeRawBufferPointer) -> UInt64 {
        var c = Checksum64()
        c.update(buffer)
        return c.finalized
    }

    public static func of(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { of($0) } }

    /// A hex digest of a string's UTF-8 bytes, used as a content hash.
    public static func hex(of string: String) -> String {
        let v = of(Array(string.utf8))
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
