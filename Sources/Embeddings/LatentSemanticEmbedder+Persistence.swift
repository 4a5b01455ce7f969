import Foundation
import GroundedCore

extension LatentSemanticEmbedder {
    static let magic = "GRNDLSA1"
    static let formatVersion: UInt32 = 1

    struct FileHeader: Codable {
        var configuration: LatentSemanticConfiguration
        var dimension: Int
        var featureCount: Int
        var fittedTexts: Int
        var identifier: String
    }

    /// Saves the fitted model as one checksummed file, atomically.
    public func save(to url: URL) throws {
        let ids = rows.sorted { $0.value < $1.value }.map(\.key)
        var w = BinaryWriter(capacity: ids.count * (12 + dimension * 4))
        w.append(array: ids)
        w.append(array: idf)
        w.append(array: projection)
        let header = FileHeader(
            configuration: configuration, dimension: dimension, featureCount: ids.count,
            fittedTexts: fittedTexts, identifier: identifier)
        try ContainerFile.write(
            to: url, magic: Self.magic, version: Self.formatVersion, header: header, payload: w.bytes)
    }

    /// Loads a model saved by `save(to:)`.
    /// - Throws: `FileFormatError` for a missing, truncated or corrupted file.
    public static func load(from url: URL) throws -> LatentSemanticEmbedder {
        let contents = try ContainerFile.read(url, magic: magic, version: formatVersion, as: FileHeader.self)
        let h = contents.header
        do {
            return try contents.payload.withUnsafeBytes { raw in
                var r = BinaryReader(raw)
                let ids: [UInt64] = try r.readArray(h.featureCount)
                let idf: [Float] = try r.readArray(h.featureCount)
                let projection: [Float] = try r.readArray(h.featureCount * h.dimension)
                var rows: [UInt64: Int32] = [:]
                rows.reserveCapacity(ids.count)
                for (i, f) in ids.enumerated() { rows[f] = Int32(i) }
                let model = LatentSemanticEmbedder(
                    configuration: h.configuration, dimension: h.dimension, rows: rows,
                    idf: idf, projection: projection, fittedTexts: h.fittedTexts)
                guard model.identifier == h.identifier else {
                    throw EmbeddingError(
                        "model identifier \(model.identifier) differs from the header's \(h.identifier)")
                }
                return model
            }
        } catch {
            throw FileFormatError(path: url.path, problem: .corrupt, detail: "\(error)")
        }
    }
}
