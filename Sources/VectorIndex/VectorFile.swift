import Foundation
import GroundedCore

/// Readers and writers for the texmex/ann-benchmarks formats: `.fvecs` (int32 dim + dim float32 per record)
/// and `.ivecs` (int32 k + k int32 per record), little-endian.
public enum VectorFile {
    /// Reads up to `limit` float vectors.
    /// - Throws: `FileFormatError` when a record is truncated or dimensions disagree.
    public static func readFvecs(_ url: URL, limit: Int = .max) throws -> [[Float]] {
        try read(url, limit: limit) { r, n in try r.readArray(n, of: Float.self) }
    }

    /// Reads up to `limit` integer vectors.
    public static func readIvecs(_ url: URL, limit: Int = .max) throws -> [[Int32]] {
        try read(url, limit: limit) { r, n in try r.readArray(n, of: Int32.self) }
    }

    /// Writes float vectors atomically (write, fsync, rename).
    /// - Throws: `IOError` when the file cannot be written.
    public static func writeFvecs(_ vectors: [[Float]], to url: URL) throws {
        try write(vectors, to: url)
    }

    /// Writes integer vectors atomically.
    public static func writeIvecs(_ vectors: [[Int32]], to url: URL) throws {
        try write(vectors, to: url)
    }

    private static func write<T: BitwiseCopyable>(_ vectors: [[T]], to url: URL) throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vectors.reduce(0) { $0 + 4 + $1.count * MemoryLayout<T>.size })
        for v in vectors {
            withUnsafeBytes(of: Int32(v.count).littleEndian) { bytes.append(contentsOf: $0) }
            v.withUnsafeBytes { bytes.append(contentsOf: $0) }
        }
        try AtomicFile.write(bytes, to: url, mode: 0o644)
    }

    private static func read<T>(
        _ url: URL, limit: Int, _ record: (inout BinaryReader, Int) throws -> [T]
    ) throws -> [[T]] {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw FileFormatError(path: url.path, problem: .missing, detail: "\(error)")
        }
        return try data.withUnsafeBytes { raw in
            var r = BinaryReader(raw)
            var out: [[T]] = []
            var dimension: Int32?
            while r.offset < raw.count, out.count < limit {
                do {
                    let d: Int32 = try r.read()
                    guard d > 0, dimension == nil || dimension == d else {
                        throw FileFormatError(
                            path: url.path, problem: .corrupt,
                            detail: "record \(out.count) has dimension \(d)")
                    }
                    dimension = d
                    out.append(try record(&r, Int(d)))
                } catch let e as FileFormatError { throw e } catch {
                    throw FileFormatError(path: url.path, problem: .truncated, detail: "record \(out.count): \(error)")
                }
            }
            return out
        }
    }
}
