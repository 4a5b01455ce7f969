import Foundation
import GroundedCore

/// A `.safetensors` file: an 8-byte little-endian header length, a JSON header mapping tensor
/// names to dtype, shape and byte offsets, then the raw data. The file is memory-mapped; tensors
/// are copied out on request.
///
/// Thread safety: immutable after `init`.
public struct SafeTensors: @unchecked Sendable {
    public enum DType: String, Sendable { case F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL }

    public struct TensorInfo: Sendable, Hashable {
        public let dtype: DType
        public let shape: [Int]
        /// Offsets into the data section.
        public let range: Range<Int>
        public var elementCount: Int { shape.reduce(1, *) }
    }

    public let path: String
    public let tensors: [String: TensorInfo]
    private let data: Data
    private let dataStart: Int

    /// Maps and validates a safetensors file.
    /// - Throws: `SafeTensorsError` when the file is missing, truncated, has a malformed header, an
    ///   unknown dtype, or a tensor whose bytes do not match its shape or lie outside the file.
    public init(_ url: URL) throws {
        path = url.path
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw SafeTensorsError(
                path: path, problem: "cannot be read (\(error.localizedDescription)); run Tools/fetch-model.sh")
        }
        guard data.count >= 8 else {
            throw SafeTensorsError(path: path, problem: "is truncated: \(data.count) bytes, no header")
        }
        let headerLength = data.withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        guard headerLength > 1, headerLength <= 100_000_000, 8 + headerLength <= data.count else {
            throw SafeTensorsError(
                path: path,
                problem: "is truncated or corrupt: header of \(headerLength) bytes in a \(data.count)-byte file")
        }
        dataStart = 8 + headerLength
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<dataStart)) } catch {
            throw SafeTensorsError(path: path, problem: "has a malformed JSON header (\(error.localizedDescription))")
        }
        guard let header = json as? [String: Any] else {
            throw SafeTensorsError(path: path, problem: "header is not a JSON object")
        }
        let dataLength = data.count - dataStart
        var tensors: [String: TensorInfo] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtypeName = entry["dtype"] as? String,
                let shape = (entry["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                let offsets = (entry["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                offsets.count == 2
            else {
                throw SafeTensorsError(path: path, problem: "tensor `\(name)` has a malformed header entry")
            }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw SafeTensorsError(path: path, problem: "tensor `\(name)` has unknown dtype `\(dtypeName)`")
            }
            guard offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataLength else {
                throw SafeTensorsError(
                    path: path,
                    problem:
                        "tensor `\(name)` lies outside the file (offsets \(offsets), \(dataLength) data bytes): the "
                        + "file is truncated"
                )
            }
            let info = TensorInfo(dtype: dtype, shape: shape, range: offsets[0]..<offsets[1])
            guard info.elementCount * dtype.size == info.range.count else {
                throw SafeTensorsError(
                    path: path,
                    problem: "tensor `\(name)` has \(info.range.count) bytes for shape \(shape) of \(dtypeName)")
            }
            tensors[name] = info
        }
        self.tensors = tensors
    }

    /// A float32 tensor's values, checked against the expected shape.
    /// - Throws: `SafeTensorsError` when the tensor is missing, not F32, or of another shape.
    public func floats(_ name: String, shape expected: [Int]) throws -> [Float] {
        guard let info = tensors[name] else {
            throw SafeTensorsError(path: path, problem: "has no tensor `\(name)`: is it an all-MiniLM-L6-v2 file?")
        }
        guard info.dtype == .F32 else {
            throw SafeTensorsError(path: path, problem: "tensor `\(name)` is \(info.dtype.rawValue), expected F32")
        }
        guard info.shape == expected else {
            throw SafeTensorsError(
                path: path, problem: "tensor `\(name)` has shape \(info.shape), expected \(expected)")
        }
        return data.withUnsafeBytes { raw in
            let base = raw.baseAddress! + dataStart + info.range.lowerBound
            return [Float](unsafeUninitializedCapacity: info.elementCount) { out, n in
                UnsafeMutableRawBufferPointer(out).copyMemory(
                    from: UnsafeRawBufferPointer(start: base, count: info.range.count))
                n = info.elementCount
            }
        }
    }

    /// The SHA-256 of the whole file.
    public func sha256() -> String { data.withUnsafeBytes { ContentHash.sha256($0) } }
}

extension SafeTensors.DType {
    var size: Int {
        switch self {
        case .F64, .I64: 8
        case .F32, .I32: 4
        case .F16, .BF16, .I16: 2
        case .I8, .U8, .BOOL: 1
        }
    }
}

/// A weights file that cannot be used, and why.
public struct SafeTensorsError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let problem: String
    public var description: String { "\(path) \(problem)" }
}
