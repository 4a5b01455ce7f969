import Foundation
import GroundedCore

extension HNSWIndex {
    static let magic = "GRNDHNSW"
    static let formatVersion: UInt32 = 1

    /// What a reader checks before trusting an index file.
    public struct FileHeader: Codable, Sendable, Equatable {
        public var dimension: Int
        public var count: Int
        public var configuration: HNSWConfiguration
        public var entryPoint: Int
        public var maxLevel: Int
        /// The corpus build this index belongs to; loading checks it against the store's.
        public var buildID: String
    }

    /// Saves the index as one checksummed file, atomically (write, fsync, rename).
    /// - Parameter buildID: the corpus build the index belongs to, checked on load.
    /// - Throws: `IOError` when the file cannot be written.
    public func save(to url: URL, buildID: String) throws {
        var w = BinaryWriter(capacity: count * (dimension * 4 + (maxM0 + 1) * 4 + 16))
        w.append(buffer: UnsafeBufferPointer(start: vectors, count: count * dimension))
        w.append(array: labels)
        w.append(array: levels)
        w.append(buffer: UnsafeBufferPointer(start: level0, count: count * (maxM0 + 1)))
        for node in 0..<count where levels[node] > 0 {
            w.append(buffer: UnsafeBufferPointer(start: upper[node]!, count: Int(levels[node]) * (maxM + 1)))
        }
        let header = FileHeader(dimension: dimension, count: count, configuration: configuration,
                                entryPoint: entryPoint, maxLevel: maxLevel, buildID: buildID)
        try ContainerFile.write(to: url, magic: Self.magic, version: Self.formatVersion, header: header, payload: w.bytes)
    }

    /// Loads an index saved by `save(to:buildID:)`.
    /// - Parameters:
    ///   - expectedBuildID: when given, the file must belong to this corpus build.
    ///   - expectedDimension: when given, the file's vectors must have this dimension.
    /// - Throws: `FileFormatError` for a missing, truncated, corrupted or mismatched file.
    public static func load(from url: URL, expectedBuildID: String? = nil,
                            expectedDimension: Int? = nil) throws -> HNSWIndex {
        let contents = try ContainerFile.read(url, magic: magic, version: formatVersion, as: FileHeader.self)
        let h = contents.header
        let path = url.path
        if let expectedBuildID, expectedBuildID != h.buildID {
            throw FileFormatError(path: path, problem: .mismatch,
                                  detail: "belongs to build \(h.buildID), the store's current build is \(expectedBuildID)")
        }
        if let expectedDimension, expectedDimension != h.dimension {
            throw FileFormatError(path: path, problem: .mismatch,
                                  detail: "\(h.dimension)-dimensional vectors, expected \(expectedDimension)")
        }
        let index: HNSWIndex
        do {
            index = try HNSWIndex(dimension: h.dimension, configuration: h.configuration, capacity: max(h.count, 16))
        } catch {
            throw FileFormatError(path: path, problem: .corrupt, detail: "header: \(error)")
        }
        do {
            try contents.payload.withUnsafeBytes { raw in
                var r = BinaryReader(raw)
                let n = h.count, d = h.dimension
                let vectors: [Float] = try r.readArray(n * d)
                index.labels = try r.readArray(n)
                index.levels = try r.readArray(n)
                let links: [UInt32] = try r.readArray(n * (index.maxM0 + 1))
                vectors.withUnsafeBufferPointer { index.vectors.update(from: $0.baseAddress!, count: n * d) }
                links.withUnsafeBufferPointer { index.level0.update(from: $0.baseAddress!, count: links.count) }
                index.upper = []
                for node in 0..<n {
                    let level = Int(index.levels[node])
                    guard level >= 0, level <= 30 else { throw VectorIndexError("node \(node) has level \(level)") }
                    if level == 0 { index.upper.append(nil); continue }
                    let list: [UInt32] = try r.readArray(level * (index.maxM + 1))
                    let p = UnsafeMutablePointer<UInt32>.allocate(capacity: list.count)
                    list.withUnsafeBufferPointer { p.initialize(from: $0.baseAddress!, count: list.count) }
                    index.upper.append(p)
                }
                guard r.offset == raw.count else { throw VectorIndexError("\(raw.count - r.offset) stray bytes after the graph") }
                index.count = n
                index.entryPoint = h.entryPoint
                index.maxLevel = h.maxLevel
                try index.checkLinks()
            }
        } catch let error as FileFormatError {
            throw error
        } catch {
            throw FileFormatError(path: path, problem: .corrupt, detail: "\(error)")
        }
        return index
    }

    /// Verifies that every link points at an existing node, so a bad file cannot crash a search.
    func checkLinks() throws {
        guard count == 0 || (entryPoint >= 0 && entryPoint < count && maxLevel == Int(levels[entryPoint])) else {
            throw VectorIndexError("entry point \(entryPoint) is invalid")
        }
        for node in 0..<count {
            for layer in 0...Int(levels[node]) {
                let links = linkList(node, layer: layer)
                let n = Int(links[0])
                guard n <= (layer == 0 ? maxM0 : maxM) else { throw VectorIndexError("node \(node) has \(n) links") }
                for i in 0..<n {
                    let t = Int(links[1 + i])
                    guard t < count, Int(levels[t]) >= layer else {
                        throw VectorIndexError("node \(node) links to invalid node \(t) on layer \(layer)")
                    }
                }
            }
        }
    }
}
