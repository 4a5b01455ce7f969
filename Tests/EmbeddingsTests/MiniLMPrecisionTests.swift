import Foundation
import GroundedCore
import Testing

@testable import Embeddings

/// The int8 encoder against the float32 one (its exact twin) and against the reference
/// implementation's embeddings. On a CPU without VNNI the portable int8 kernel runs: the same
/// integers, so the same vectors, only slower.
@Suite("MiniLM in int8")
struct MiniLMPrecisionTests {
    static let int8: MiniLMEmbedder = try! MiniLMEmbedder(
        directory: MiniLMTests.embedder.directory, configuration: .init(longText: .truncate, precision: .int8))

    static func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    @Test("int8 embeddings stay within cosine 0.99 of float32's and of the reference, item by item")
    func nearFloat() throws {
        #expect(Self.int8.precision == .int8)
        #expect(Self.int8.encoder.weights.multipliesInInt8)
        #expect(!MiniLMTests.embedder.encoder.weights.multipliesInInt8)
        let items = MiniLMTests.reference.items
        let ours = try Self.int8.embed(items.map(\.text))
        let float32 = try MiniLMTests.embedder.embed(items.map(\.text))
        var worst: Float = 1
        for (i, item) in items.enumerated() {
            let toFloat = Self.cosine(ours[i], float32[i])
            let toReference = Self.cosine(ours[i], item.embedding)
            worst = min(worst, toFloat)
            #expect(toFloat >= 0.99 && toFloat < 0.999_999, "\(item.text.prefix(60).debugDescription): \(toFloat)")
            #expect(toReference >= 0.99, "\(item.text.prefix(60).debugDescription): \(toReference)")
        }
        print("MiniLM int8: worst cosine to float32 \(worst)")
    }

    @Test("int8 vectors do not depend on the batch or the threads: each row is quantized alone")
    func batchIndependent() throws {
        let texts = MiniLMTests.reference.items.map(\.text)
        let batch = try Self.int8.embed(texts)
        for (i, text) in texts.enumerated().prefix(6) { #expect(try Self.int8.embed(text) == batch[i]) }
        let two = try MiniLMEmbedder(
            directory: Self.int8.directory,
            configuration: .init(batchSize: 4, threads: 2, longText: .truncate, precision: .int8))
        #expect(try two.embed(texts) == batch)
    }

    @Test("in int8, paraphrases stay nearer than unrelated texts, and the nearest neighbours are float32's")
    func meaning() throws {
        let texts = [
            "my parcel never came", "lost shipment", "how do I reset my thermostat", "where is my package",
            "change the temperature schedule", "refund for a damaged item", "the box arrived broken",
        ]
        let ours = try Self.int8.embed(texts)
        let float32 = try MiniLMTests.embedder.embed(texts)
        #expect(Self.cosine(ours[0], ours[1]) > Self.cosine(ours[0], ours[2]) + 0.2)
        func nearest(_ vectors: [[Float]], _ i: Int) -> Int {
            vectors.indices.filter { $0 != i }.max {
                Self.cosine(vectors[i], vectors[$0]) < Self.cosine(vectors[i], vectors[$1])
            }!
        }
        for i in texts.indices { #expect(nearest(ours, i) == nearest(float32, i), "\(texts[i])") }
    }

    @Test("GROUNDED_ENCODER_PRECISION settles automatic only; an unknown value is refused naming the accepted ones")
    func environment() throws {
        typealias Precision = MiniLMConfiguration.Precision
        let key = Precision.environmentVariable
        #expect(try Precision.requested(.automatic, environment: [:]) == .automatic)
        #expect(try Precision.requested(.automatic, environment: [key: ""]) == .automatic)
        #expect(try Precision.requested(.automatic, environment: [key: "float32"]) == .float32)
        #expect(try Precision.requested(.automatic, environment: [key: "int8"]) == .int8)
        // An explicit configuration wins over the environment.
        #expect(try Precision.requested(.int8, environment: [key: "float32"]) == .int8)
        do {
            _ = try Precision.requested(.automatic, environment: [key: "fp16"])
            Issue.record("accepted fp16")
        } catch let error as EmbeddingError {
            #expect(error.description.contains("fp16") && error.description.contains("float32, int8"))
        }
    }

    @Test("a configuration saved before precision existed decodes as automatic")
    func decodesOldConfiguration() throws {
        let old = #"{"batchSize":32,"threads":2,"longText":"windows","windowOverlap":32}"#
        let decoded = try JSONDecoder().decode(MiniLMConfiguration.self, from: Data(old.utf8))
        #expect(decoded.precision == .automatic && decoded.threads == 2)
        let round = try JSONDecoder().decode(
            MiniLMConfiguration.self, from: JSONEncoder().encode(MiniLMConfiguration(precision: .int8)))
        #expect(round.precision == .int8)
    }
}
