import Foundation
import GroundedCore
import GroundedTesting
import Testing

@testable import Embeddings

/// The native MiniLM against the reference implementation's token ids and embeddings.
@Suite("MiniLM against the reference")
struct MiniLMTests {
    struct Reference: Decodable {
        struct Item: Decodable {
            let text: String
            let input_ids: [Int32]
            let embedding: [Float]
        }
        let max_seq_length: Int
        let dim: Int
        let items: [Item]
    }

    static let reference: Reference = try! JSONDecoder().decode(
        Reference.self, from: Data(contentsOf: TestPaths.sharedData.appendingPathComponent("minilm/reference.json")))

    static let embedder: MiniLMEmbedder = try! MiniLMEmbedder(
        directory: TestPaths.packageRoot.appendingPathComponent(MiniLMEmbedder.defaultDirectory),
        configuration: .init(longText: .truncate, precision: .float32))

    @Test("token ids equal the reference input_ids for every item")
    func tokenIDs() {
        #expect(Self.reference.items.count >= 30)
        for item in Self.reference.items {
            #expect(Self.embedder.tokenize(item.text) == item.input_ids, "\(item.text.prefix(60).debugDescription)")
        }
    }

    @Test("ASCII text splits on its bytes exactly as by the Unicode character classes")
    func asciiFastPath() {
        let tokenizer = Self.embedder.tokenizer
        let every = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        var random = SplitMix64(seed: 7)
        let texts =
            [
                every, String(every.reversed()), "", "  \t\n", "Don't PANIC: it's 9:30 a.m.\r\nOK?!",
                "ab\u{1}cd\u{7F}ef\u{0B}gh",
            ]
            + (0..<200).map { _ in String(decoding: (0..<40).map { _ in UInt8(random.next() % 128) }, as: UTF8.self) }
        for text in texts {
            let fast = WordPieceTokenizer.asciiTokens(text)
            #expect(fast != nil)
            #expect(fast == tokenizer.unicodeTokens(text), "\(text.debugDescription)")
        }
        #expect(WordPieceTokenizer.asciiTokens("café") == nil)
    }

    @Test("embeddings have cosine >= 0.9999 with the reference for every item")
    func embeddings() throws {
        let texts = Self.reference.items.map(\.text)
        let ours = try Self.embedder.embed(texts)
        var worst: Float = 1
        for (item, v) in zip(Self.reference.items, ours) {
            #expect(v.count == Self.reference.dim)
            let cosine = zip(item.embedding, v).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            worst = min(worst, cosine)
            #expect(cosine >= 0.9999, "\(item.text.prefix(60).debugDescription): \(cosine)")
        }
        print("MiniLM: worst cosine to the reference \(worst), max |cosine - 1| \(1 - worst)")
        // One at a time gives the same vectors as a batch: packing does not leak between texts.
        for (i, text) in texts.enumerated().prefix(5) {
            let single = try Self.embedder.embed(text)
            #expect(zip(single, ours[i]).allSatisfy { abs($0 - $1) < 1e-5 })
        }
    }

    @Test("paraphrases are near, unrelated texts are far")
    func meaning() throws {
        let v = try Self.embedder.embed(["my parcel never came", "lost shipment", "how do I reset my thermostat"])
        func cos(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(cos(v[0], v[1]) > cos(v[0], v[2]) + 0.2)
    }

    @Test("empty, blank, emoji-only, invalid-UTF-8-decoded and very long texts embed without a crash")
    func awkwardInput() throws {
        let windows = try MiniLMEmbedder(directory: Self.embedder.directory, configuration: .init(precision: .float32))
        let long = String(
            repeating: "The refund is issued within five business days after we receive the item. ", count: 60)
        // U+FFFD replaces bad bytes.
        let invalid = String(decoding: [0x66, 0x6f, 0xC3, 0x28, 0xFF, 0x6f], as: UTF8.self)
        let texts = ["", "   \n\t ", "😀🎉👍", invalid, long, "a"]
        let vectors = try windows.embed(texts)
        for v in vectors {
            #expect(v.count == 384)
            #expect(v.allSatisfy { $0.isFinite })
            #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3)
        }
        #expect(
            windows.tokenize("😀🎉👍") == [
                windows.tokenizer.classify, windows.tokenizer.unknown, windows.tokenizer.separator,
            ])
        #expect(windows.tokenize(long).count == 256)
        // A long text is embedded by windows: the result differs from the truncated one but stays close to it.
        let truncated = try Self.embedder.embed(long)
        let cosine = zip(truncated, vectors[4]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        #expect(cosine > 0.95)
        // Alone or in a batch, the same vector (to float rounding: BLAS blocks differ with batch size).
        #expect(zip(try windows.embed(long), vectors[4]).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test("two threads give the same vectors as one")
    func threads() throws {
        let two = try MiniLMEmbedder(
            directory: Self.embedder.directory,
            configuration: .init(batchSize: 4, threads: 2, longText: .truncate, precision: .float32))
        let texts = Self.reference.items.map(\.text)
        let a = try two.embed(texts)
        let b = try Self.embedder.embed(texts)
        for (x, y) in zip(a, b) { #expect(zip(x, y).allSatisfy { abs($0 - $1) < 1e-4 }) }
    }

    @Test("a damaged or incomplete weights file is refused with a clear error")
    func badWeights() throws {
        let dir = try TestPaths.temporaryDirectory("model")
        try FileManager.default.copyItem(
            at: Self.embedder.directory.appendingPathComponent("vocab.txt"),
            to: dir.appendingPathComponent("vocab.txt"))
        let weights = try Data(
            contentsOf: Self.embedder.directory.appendingPathComponent("model.safetensors"), options: .alwaysMapped)
        func expectFailure(_ data: Data, _ fragment: String) throws {
            try data.write(to: dir.appendingPathComponent("model.safetensors"))
            do {
                _ = try MiniLMEmbedder(directory: dir)
                Issue.record("accepted a bad file (\(fragment))")
            } catch let e as SafeTensorsError {
                #expect(e.description.contains(fragment), "\(e)")
            }
        }
        try expectFailure(weights.prefix(weights.count - 1000), "truncated")
        try expectFailure(weights.prefix(4), "truncated")
        let headerLength = Int(weights.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        var header = String(decoding: weights[8..<(8 + headerLength)], as: UTF8.self)
        header = header.replacingOccurrences(
            of: "\"embeddings.LayerNorm.bias\":{\"dtype\":\"F32\"",
            with: "\"embeddings.LayerNorm.bias\":{\"dtype\":\"Q99\"")
        try expectFailure(
            weights.prefix(8) + Data(header.utf8) + weights.dropFirst(8 + headerLength), "unknown dtype `Q99`")
        let renamed = String(decoding: weights[8..<(8 + headerLength)], as: UTF8.self)
            .replacingOccurrences(
                of: "encoder.layer.5.output.dense.weight", with: "encoder.layer.5.output.dense.wXight")
        try expectFailure(
            weights.prefix(8) + Data(renamed.utf8) + weights.dropFirst(8 + headerLength),
            "has no tensor `encoder.layer.5.output.dense.weight`")
        #expect(throws: TokenizerError.self) {
            _ = try MiniLMEmbedder(directory: try TestPaths.temporaryDirectory("empty"))
        }
    }
}

@Suite("MiniLM weights digest")
struct MiniLMDigestTests {
    @Test("the remembered digest is used while the file is unchanged and recomputed when it changes")
    func digestCache() throws {
        let dir = try TestPaths.temporaryDirectory("digest")
        let source = TestPaths.packageRoot.appendingPathComponent(MiniLMEmbedder.defaultDirectory)
        try FileManager.default.copyItem(
            at: source.appendingPathComponent("vocab.txt"), to: dir.appendingPathComponent("vocab.txt"))
        let weights = dir.appendingPathComponent("model.safetensors")
        try FileManager.default.copyItem(at: source.appendingPathComponent("model.safetensors"), to: weights)
        let first = try MiniLMEmbedder(directory: dir)
        #expect(first.weightsSHA256 == "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".model.safetensors.sha256").path))
        #expect(try MiniLMEmbedder(directory: dir).weightsSHA256 == first.weightsSHA256)
        // Change one weight: the file's modification time moves, so the digest is recomputed.
        var bytes = try Data(contentsOf: weights)
        bytes[bytes.count - 3] ^= 0x01
        try bytes.write(to: weights)
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: weights.path)
        let changed = try MiniLMEmbedder(directory: dir)
        #expect(changed.weightsSHA256 != first.weightsSHA256)
        #expect(changed.weightsSHA256 == bytes.withUnsafeBytes { ContentHash.sha256($0) })
    }
}
