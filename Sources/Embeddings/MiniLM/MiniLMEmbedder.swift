import CKernels
import Foundation
import GroundedCore

/// all-MiniLM-L6-v2 run natively: WordPiece tokenizer, 6-layer BERT encoder on BLAS, mean
/// pooling, L2 normalisation. 384 dimensions. Needs the model folder that `Tools/fetch-model.sh`
/// unpacks; nothing is downloaded at run time.
///
/// Thread safety: immutable; `embed` may be called concurrently.
public struct MiniLMEmbedder: Embedder {
    /// Where `Tools/fetch-model.sh` puts the model, relative to the package root.
    public static let defaultDirectory = "Models/all-MiniLM-L6-v2"
    public static let family = "minilm-l6-v2"

    public let directory: URL
    public let configuration: MiniLMConfiguration
    public let tokenizer: WordPieceTokenizer
    let encoder: BertEncoder
    /// How the linear layers multiply here: `configuration.precision` resolved for this CPU.
    public let precision: MiniLMConfiguration.Precision
    /// SHA-256 of `model.safetensors`: which weights these are.
    public let weightsSHA256: String

    public var dimension: Int { encoder.configuration.hidden }
    public var identifier: String { "\(Self.family):sha256-\(weightsSHA256.prefix(16))" }

    /// Whether WordPiece has `word` as one whole token: about 21,000 English words.
    public func knowsWord(_ word: String) -> Bool { tokenizer.vocabulary[word] != nil }

    /// Loads the tokenizer and the weights from a model folder. An `.automatic` precision follows
    /// `GROUNDED_ENCODER_PRECISION` when it is set, else the CPU.
    /// - Throws: `SafeTensorsError` or `TokenizerError` saying which file is missing or wrong;
    ///   `EmbeddingError` for an unknown `GROUNDED_ENCODER_PRECISION`.
    public init(directory: URL, configuration: MiniLMConfiguration = .init()) throws {
        let precision = try MiniLMConfiguration.Precision.requested(
            configuration.precision, environment: ProcessInfo.processInfo.environment
        ).resolved
        self.directory = directory
        self.configuration = configuration
        let bert = BertConfiguration()
        tokenizer = try WordPieceTokenizer(vocabulary: directory.appendingPathComponent("vocab.txt"), maxLength: 256)
        let weights = directory.appendingPathComponent("model.safetensors")
        let file = try SafeTensors(weights)
        encoder = BertEncoder(
            configuration: bert,
            weights: try BertWeights(file, configuration: bert, precision: precision))
        self.precision = precision
        weightsSHA256 = Self.digest(of: file, at: weights)
    }

    /// The weights' SHA-256, remembered beside them (`.model.safetensors.sha256`) under the file's
    /// size and modification time, as git's index remembers file stats: hashing 90 MB on every
    /// load would dominate a one-shot command. A file replaced or edited gets a new modification
    /// time and is hashed again.
    static func digest(of file: SafeTensors, at url: URL) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        let size = (attributes?[.size] as? Int) ?? -1
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
        let stamp = "\(size) \(modified.bitPattern)"
        let cache = url.deletingLastPathComponent().appendingPathComponent(".model.safetensors.sha256")
        if let line = try? String(contentsOf: cache, encoding: .utf8), line.hasPrefix(stamp + " ") {
            let digest = String(line.dropFirst(stamp.count + 1)).trimmingCharacters(in: .whitespacesAndNewlines)
            if digest.count == 64 { return digest }
        }
        let digest = file.sha256()
        try? AtomicFile.write(Array("\(stamp) \(digest)\n".utf8), to: cache)
        return digest
    }

    /// The instruction set the C kernels use on this machine, and the best this CPU has: "avx512 of
    /// avx512", or "avx2 of avx512" when `GROUNDED_KERNELS=avx2` lowers it. With AVX-512 the
    /// encoder's matrix products, attention, GELU, LayerNorm and the vector index's distance kernels
    /// change, and the int8 product runs VNNI where the CPU has it, 16-bit products with AVX2
    /// (`MiniLMConfiguration.Precision.automatic`).
    public static var kernels: String {
        func name(_ level: Int32) -> String { ["portable", "avx2", "avx512"][Int(level)] }
        return "\(name(gk_level())) of \(name(gk_cpu_level()))"
    }

    /// Whether a model folder holds the files this embedder needs.
    public static func isAvailable(at directory: URL) -> Bool {
        ["model.safetensors", "vocab.txt"].allSatisfy {
            FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
        }
    }

    /// The token ids the model sees for a text (truncated to 256), as the reference tokenizer gives them.
    public func tokenize(_ text: String) -> [Int32] { tokenizer.encode(text) }

    public func embed(_ texts: [String]) throws -> [[Float]] {
        // Each text becomes one or more sequences (windows), each with a weight.
        var pending: [(owner: Int, weight: Float, ids: [Int32])] = []
        let span = tokenizer.maxLength - 2
        for (i, text) in texts.enumerated() {
            let pieces = tokenizer.wordPieces(text)
            if pieces.count <= span || configuration.longText == .truncate {
                pending.append((i, 1, [tokenizer.classify] + pieces.prefix(span) + [tokenizer.separator]))
                continue
            }
            let stride = max(1, span - configuration.windowOverlap)
            var start = 0
            while true {
                let end = min(start + span, pieces.count)
                pending.append(
                    (i, Float(end - start), [tokenizer.classify] + pieces[start..<end] + [tokenizer.separator]))
                if end == pieces.count { break }
                start += stride
            }
        }
        // Batches of similar length; the encoder packs them without padding.
        let sequences = pending
        let order = sequences.indices.sorted { sequences[$0].ids.count > sequences[$1].ids.count }
        let batches = stride(from: 0, to: order.count, by: configuration.batchSize).map {
            Array(order[$0..<min($0 + configuration.batchSize, order.count)])
        }
        let vectors = UnsafeMutableBufferPointer<[Float]>.allocate(capacity: sequences.count)
        vectors.initialize(repeating: [])
        defer { vectors.deallocate() }
        let output = UnsafeSendableBuffer(buffer: vectors)
        let encoder = self.encoder
        // Threads take whole batches; a single batch (a query) splits its layers between them.
        let threads = max(1, min(configuration.threads, batches.count))
        let inner = batches.count == 1 ? configuration.threads : 1
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let workspace = EncoderWorkspace()
            for batch in stride(from: t, to: batches.count, by: threads).map({ batches[$0] }) {
                for (j, v) in encoder.encode(batch.map { sequences[$0].ids }, threads: inner, workspace: workspace)
                    .enumerated()
                {
                    output.buffer[batch[j]] = v
                }
            }
        }
        // Combine windows: weighted mean, then L2 normalisation.
        var out = [[Float]](repeating: [Float](repeating: 0, count: dimension), count: texts.count)
        var windows = [Int](repeating: 0, count: texts.count)
        for (k, s) in sequences.enumerated() {
            windows[s.owner] += 1
            for j in 0..<dimension { out[s.owner][j] += s.weight * vectors[k][j] }
        }
        for i in out.indices where windows[i] > 1 {
            let norm = out[i].reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { out[i] = out[i].map { $0 / norm } }
        }
        return out
    }
}

/// A buffer written at distinct indices by concurrent iterations.
struct UnsafeSendableBuffer<T>: @unchecked Sendable { let buffer: UnsafeMutableBufferPointer<T> }
