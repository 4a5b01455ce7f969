import Foundation

/// The weights of a BERT encoder, read from safetensors. Query, key and value are fused into one
/// matrix so one product computes all three. Each linear weight is kept in the layout OpenBLAS
/// multiplies fastest at these shapes (measured: `[in, out]` for the three 384-input layers, up to
/// 20% faster; `[out, in]` as stored for the 1536-input one), and packed (see `LinearWeight`, which
/// keeps only the packed form where the CPU has AVX-512), or quantized to int8.
struct BertWeights: Sendable {
    struct Layer: Sendable {
        var qkv: LinearWeight, qkvBias: [Float]
        var attentionOut: LinearWeight, attentionOutBias: [Float]
        var attentionNormGain: [Float], attentionNormBias: [Float]
        var up: LinearWeight, upBias: [Float]
        var down: LinearWeight, downBias: [Float]
        var outputNormGain: [Float], outputNormBias: [Float]
    }

    var words: [Float], positions: [Float], types: [Float]
    var embeddingNormGain: [Float], embeddingNormBias: [Float]
    var layers: [Layer]

    /// Whether the linear layers hold int8 weights (their inputs then need an `Int8Scratch`).
    var multipliesInInt8: Bool { layers.first?.qkv.int8 != nil }

    /// - Throws: `SafeTensorsError` naming the first missing or mis-shaped tensor.
    /// - Parameter precision: how the linear layers multiply (`LinearWeight`).
    init(
        _ file: SafeTensors, configuration c: BertConfiguration, precision: MiniLMConfiguration.Precision = .float32
    )
        throws
    {
        let h = c.hidden
        func t(_ name: String, _ shape: [Int]) throws -> [Float] { try file.floats(name, shape: shape) }
        words = try t("embeddings.word_embeddings.weight", [c.vocabularySize, h])
        positions = try t("embeddings.position_embeddings.weight", [c.maxPositions, h])
        types = try t("embeddings.token_type_embeddings.weight", [c.typeVocabularySize, h])
        embeddingNormGain = try t("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try t("embeddings.LayerNorm.bias", [h])
        layers = try (0..<c.layers).map { i in
            let p = "encoder.layer.\(i)."
            return Layer(
                qkv: LinearWeight(
                    transpose(
                        try t(p + "attention.self.query.weight", [h, h]) + t(p + "attention.self.key.weight", [h, h])
                            + t(p + "attention.self.value.weight", [h, h]), rows: 3 * h, columns: h), inputs: h,
                    outputs: 3 * h, transposed: false, precision: precision),
                qkvBias: try t(p + "attention.self.query.bias", [h]) + t(p + "attention.self.key.bias", [h])
                    + t(p + "attention.self.value.bias", [h]),
                attentionOut: LinearWeight(
                    transpose(try t(p + "attention.output.dense.weight", [h, h]), rows: h, columns: h),
                    inputs: h, outputs: h, transposed: false, precision: precision),
                attentionOutBias: try t(p + "attention.output.dense.bias", [h]),
                attentionNormGain: try t(p + "attention.output.LayerNorm.weight", [h]),
                attentionNormBias: try t(p + "attention.output.LayerNorm.bias", [h]),
                up: LinearWeight(
                    transpose(
                        try t(p + "intermediate.dense.weight", [c.intermediate, h]), rows: c.intermediate, columns: h),
                    inputs: h, outputs: c.intermediate, transposed: false, precision: precision),
                upBias: try t(p + "intermediate.dense.bias", [c.intermediate]),
                down: LinearWeight(
                    try t(p + "output.dense.weight", [h, c.intermediate]), inputs: c.intermediate, outputs: h,
                    transposed: true, precision: precision),
                downBias: try t(p + "output.dense.bias", [h]),
                outputNormGain: try t(p + "output.LayerNorm.weight", [h]),
                outputNormBias: try t(p + "output.LayerNorm.bias", [h]))
        }
    }
}

/// The transpose of a row-major `rows × columns` matrix.
func transpose(_ m: [Float], rows: Int, columns: Int) -> [Float] {
    var out = [Float](repeating: 0, count: m.count)
    for r in 0..<rows { for c in 0..<columns { out[c * rows + r] = m[r * columns + c] } }
    return out
}
