import Foundation
import GroundedCore
import GroundedTesting
import Testing

@testable import Embeddings

@Suite("Latent-semantic embedder")
struct LatentSemanticEmbedderTests {
    static let corpus = [
        "Refunds are issued to the original payment method within five business days.",
        "We refund the original payment method once the return reaches the warehouse.",
        "A refund for a gift card order is paid as a new gift card.",
        "The thermostat needs a C wire for constant power.",
        "Without a C wire the thermostat may restart or lose Wi-Fi.",
        "Install the power adapter when the thermostat has no C wire.",
        "The camera battery lasts three to six months.",
        "Charge the camera battery with the USB-C cable.",
        "Motion alerts from the camera can be paused.",
        "Shipping is free on orders over fifty dollars.",
        "Express shipping takes one to two business days.",
        "Track your shipping with the link in the email.",
    ]

    static func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    @Test("fitting is deterministic and vectors are unit length")
    func deterministic() throws {
        let a = try LatentSemanticEmbedder.fit(Self.corpus)
        let b = try LatentSemanticEmbedder.fit(Self.corpus)
        #expect(a.identifier == b.identifier)
        let va = try a.embed(Self.corpus)
        let vb = try b.embed(Self.corpus)
        #expect(va == vb)
        for v in va { #expect(abs(Self.cosine(v, v) - 1) < 1e-4) }
        #expect(a.dimension <= Self.corpus.count - 1)
    }

    @Test("texts on the same topic are closer than texts on different topics")
    func semantics() throws {
        let e = try LatentSemanticEmbedder.fit(Self.corpus)
        let refund = try e.embed("when is my money refunded")
        let power = try e.embed("thermostat keeps restarting, no C wire")
        let refundDoc = try e.embed(Self.corpus[1])
        let powerDoc = try e.embed(Self.corpus[4])
        #expect(Self.cosine(refund, refundDoc) > Self.cosine(refund, powerDoc))
        #expect(Self.cosine(power, powerDoc) > Self.cosine(power, refundDoc))
        // A text with no known word embeds as the zero vector rather than noise.
        #expect(try e.embed("zebra quokka").allSatisfy { $0 == 0 })
    }

    @Test("a saved model loads back and embeds identically; a damaged file is refused")
    func persistence() throws {
        let e = try LatentSemanticEmbedder.fit(Self.corpus)
        let url = try TestPaths.temporaryDirectory().appendingPathComponent("m.lsa")
        try e.save(to: url)
        let back = try LatentSemanticEmbedder.load(from: url)
        #expect(back.identifier == e.identifier)
        #expect(try back.embed(Self.corpus) == e.embed(Self.corpus))
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: url)
        #expect(throws: FileFormatError.self) { _ = try LatentSemanticEmbedder.load(from: url) }
    }

    @Test("the LAPACK eigensolver returns true eigenpairs, largest first")
    func eigenpairs() throws {
        // A symmetric 4×4 matrix.
        let m: [Float] = [4, 1, 0, 0, 1, 3, 1, 0, 0, 1, 2, 1, 0, 0, 1, 1]
        var a = m
        let (values, vectors) = try LatentSemanticEmbedder.topEigenpairs(&a, n: 4, k: 2)
        #expect(values[0] >= values[1])
        for c in 0..<2 {
            let v = (0..<4).map { vectors[$0 * 2 + c] }
            for i in 0..<4 {
                let av = (0..<4).reduce(Float(0)) { $0 + m[i * 4 + $1] * v[$1] }
                #expect(abs(av - values[c] * v[i]) < 1e-4)
            }
        }
    }

    @Test("bad configurations and empty corpora fail with a clear error")
    func errors() {
        #expect(throws: EmbeddingError.self) { try LatentSemanticEmbedder.fit([]) }
        #expect(throws: EmbeddingError.self) { try LatentSemanticEmbedder.fit(["the of and"]) }
        #expect(throws: EmbeddingError.self) {
            try LatentSemanticEmbedder.fit(Self.corpus, configuration: .init(dimension: 1))
        }
    }
}

@Suite("Embedder costs")
struct EmbedderCostTests {
    @Test("the built-in embedder is lightweight through the protocol, MiniLM is not")
    func lightweight() throws {
        let lsa: any Embedder = try LatentSemanticEmbedder.fit(LatentSemanticEmbedderTests.corpus)
        #expect(lsa.isLightweight)
        let minilm: any Embedder = try MiniLMEmbedder(
            directory: TestPaths.packageRoot.appendingPathComponent(MiniLMEmbedder.defaultDirectory))
        #expect(!minilm.isLightweight)
    }
}
