import Foundation
import GroundedCore

extension BM25Index {
    static let magic = "GRNDBM25"
    static let formatVersion: UInt32 = 1

    struct FileHeader: Codable {
        var count: Int
        var termCount: Int
        var postings: Int
        var parameters: BM25Parameters
        var buildID: String
    }

    /// Saves the index as one checksummed file, atomically.
    public func save(to url: URL, buildID: String) throws {
        var w = BinaryWriter()
        let terms = vocabulary.sorted { $0.value < $1.value }.map(\.key)
        let vocabularyBytes = Array(terms.joined(separator: "\n").utf8)
        w.append(bytes: vocabularyBytes)
        w.append(array: offsets)
        w.append(array: documents)
        w.append(array: frequencies)
        w.append(array: lengths)
        w.append(array: labels)
        let header = FileHeader(
            count: count, termCount: terms.count, postings: documents.count,
            parameters: parameters, buildID: buildID)
        var payload = BinaryWriter(capacity: w.bytes.count + 8)
        payload.append(UInt64(vocabularyBytes.count))
        payload.append(bytes: w.bytes)
        try ContainerFile.write(
            to: url, magic: Self.magic, version: Self.formatVersion, header: header, payload: payload.bytes)
    }

    /// Loads an index saved by `save(to:buildID:)`.
    /// - Throws: `FileFormatError` for a missing, truncated, corrupted or mismatched file.
    public static func load(from url: URL, expectedBuildID: String? = nil) throws -> BM25Index {
        let contents = try ContainerFile.read(url, magic: magic, version: formatVersion, as: FileHeader.self)
        let h = contents.header
        if let expectedBuildID, expectedBuildID != h.buildID {
            throw FileFormatError(
                path: url.path, problem: .mismatch,
                detail: "belongs to build \(h.buildID), the store's current build is \(expectedBuildID)")
        }
        do {
            return try contents.payload.withUnsafeBytes { raw in
                var r = BinaryReader(raw)
                let vocabularyBytes = Int(try r.read() as UInt64)
                let text = String(decoding: try r.readBytes(vocabularyBytes), as: UTF8.self)
                let terms =
                    h.termCount == 0
                    ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                guard terms.count == h.termCount else {
                    throw Inconsistent(detail: "\(terms.count) terms, header says \(h.termCount)")
                }
                var vocabulary: [String: Int] = [:]
                vocabulary.reserveCapacity(terms.count)
                for (i, t) in terms.enumerated() { vocabulary[t] = i }
                let offsets: [UInt32] = try r.readArray(h.termCount + 1)
                let documents: [UInt32] = try r.readArray(h.postings)
                let frequencies: [UInt16] = try r.readArray(h.postings)
                let lengths: [UInt32] = try r.readArray(h.count)
                let labels: [Int64] = try r.readArray(h.count)
                guard offsets.last.map(Int.init) == h.postings, documents.allSatisfy({ Int($0) < h.count }),
                    zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
                else {
                    throw Inconsistent(detail: "postings point outside the index")
                }
                return BM25Index(
                    parameters: h.parameters, vocabulary: vocabulary, offsets: offsets, documents: documents,
                    frequencies: frequencies, lengths: lengths, labels: labels)
            }
        } catch {
            throw FileFormatError(path: url.path, problem: .corrupt, detail: "\(error)")
        }
    }
}

struct Inconsistent: Error, CustomStringConvertible {
    let detail: String
    var description: String { detail }
}
